namespace Shop.Infra.Tests.Bicep;

/// <summary>Text the reader cannot read: outside Bicep, or outside the subset it supports. Names file and line.</summary>
internal sealed class BicepSyntaxException(string path, int line, string message)
    : Exception($"{path}:{line}: {message}")
{
    public string Path { get; } = path;

    public int SourceLine { get; } = line;
}

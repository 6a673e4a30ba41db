namespace Shop.Infra.Tests.Bicep;

/// <summary>One problem the checker found, at a file and line.</summary>
internal sealed record BicepDiagnostic(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}

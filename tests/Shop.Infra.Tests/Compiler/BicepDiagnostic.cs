namespace Shop.Infra.Tests.Compiler;

/// <summary>One diagnostic the Bicep compiler or linter reported.</summary>
internal sealed record BicepDiagnostic(string File, int Line, int Column, string Level, string Code, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}) : {Level} {Code}: {Message}";
}

using System.Text.Json;

namespace Shop.Infra.Tests.Arm;

/// <summary>One resource of a compiled template, with the template it is declared in.</summary>
internal sealed record ArmResource(ArmTemplate Template, JsonElement Json)
{
    public string Type => Json.GetProperty("type").GetString() ?? string.Empty;

    public ArmExpression Name => ArmExpression.FromJson(Json.GetProperty("name").GetString() ?? string.Empty);

    /// <summary>An <c>existing</c> reference (languageVersion 2.0 writes them; 1.0 leaves them out).</summary>
    public bool Existing => Json.TryGetProperty("existing", out var existing) && existing.ValueKind == JsonValueKind.True;

    /// <summary>The value at <paramref name="path"/> (property names), or null when there is none.</summary>
    public JsonElement? At(params string[] path)
    {
        var current = Json;
        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The string literal at <paramref name="path"/>; null when absent, not a string, or an expression.</summary>
    public string? Literal(params string[] path) =>
        At(path) is { ValueKind: JsonValueKind.String } value && ArmExpression.FromJson(value.GetString()!) is ArmExpression.Str s ? s.Value : null;

    /// <summary>The boolean at <paramref name="path"/>; null when absent or not a JSON boolean.</summary>
    public bool? Bool(params string[] path) => At(path) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>The expression (or literal string) at <paramref name="path"/>; null when absent or not a string.</summary>
    public ArmExpression? Expression(params string[] path) =>
        At(path) is { ValueKind: JsonValueKind.String } value ? ArmExpression.FromJson(value.GetString()!) : null;
}

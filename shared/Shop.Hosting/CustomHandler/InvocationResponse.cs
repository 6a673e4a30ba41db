using System.Text.Json.Serialization;

namespace Shop.Hosting.CustomHandler;

/// <summary>The custom-handler response: output bindings, log lines for the host, and the return value.</summary>
internal sealed class InvocationResponse(IReadOnlyList<string> logs)
{
    [JsonPropertyName("Outputs")]
    public IReadOnlyDictionary<string, object?> Outputs { get; } = new Dictionary<string, object?>();

    [JsonPropertyName("Logs")]
    public IReadOnlyList<string> Logs { get; } = logs;

    [JsonPropertyName("ReturnValue")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? ReturnValue { get; }
}

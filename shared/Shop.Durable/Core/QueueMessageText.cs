using System.Text.Json;

namespace Shop.Durable.Core;

/// <summary>Reads what the engine needs from a queue message's text without trusting it to deserialize.</summary>
internal static class QueueMessageText
{
    /// <summary>The message's instance id, or null when the text is not a message of the engine.</summary>
    public static string? TryReadInstanceId(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.TryGetProperty("instanceId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

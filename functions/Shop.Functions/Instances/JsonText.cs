using System.Text.Json;

namespace Shop.Functions.Instances;

/// <summary>Serialized payloads shown as JSON: parsed when they are JSON, else shown as a string.</summary>
internal static class JsonText
{
    public static JsonElement? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Domain.Events;

namespace Shop.Infrastructure.Events;

/// <summary>The CloudEvents 1.0 JSON form of an integration event (structured mode).</summary>
public static class CloudEvents
{
    public const string ContentType = "application/cloudevents+json";

    public static string ToJson(IntegrationEvent e, string source)
    {
        ArgumentNullException.ThrowIfNull(e);
        var json = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = e.Id,
            ["source"] = source,
            ["type"] = e.Type,
            ["subject"] = e.Subject,
            ["time"] = e.Time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = e.Data.DeepClone(),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}

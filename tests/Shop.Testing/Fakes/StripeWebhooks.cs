using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Shop.Testing.Fakes;

/// <summary>Stripe webhook deliveries as Stripe sends them: the event's JSON, signed with the endpoint's secret.</summary>
public static class StripeWebhooks
{
    /// <summary>An event of <paramref name="type"/> about <paramref name="subject"/> (its <c>data.object</c>), as JSON.</summary>
    public static string Event(string type, JsonObject subject) => new JsonObject
    {
        ["id"] = "evt_" + Guid.NewGuid().ToString("N")[..24],
        ["object"] = "event",
        ["api_version"] = "2024-06-20",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["type"] = type,
        ["data"] = new JsonObject { ["object"] = subject },
    }.ToJsonString();

    /// <summary>A POST of <paramref name="body"/> to the app's Stripe webhook, with a Stripe-Signature made now with <paramref name="secret"/>.</summary>
    public static HttpRequestMessage SignedRequest(string body, string secret)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={timestamp},v1={Convert.ToHexStringLower(mac)}");
        return request;
    }
}

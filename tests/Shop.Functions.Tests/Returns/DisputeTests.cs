using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Testing;
using Shop.Testing.Fakes;

namespace Shop.Functions.Tests.Returns;

/// <summary>Chargebacks from Stripe's signed webhook to the evidence recorded and the outcome, on the embedded gateway.</summary>
public sealed class DisputeTests(ReturnAppFactory app) : ReturnTests<ReturnAppFactory>(app)
{
    [Fact]
    public async Task SignedDisputeWebhook_IsRecordedOnTheOrder_AlertsOps_SubmitsTheEvidence_AndRecordsTheOutcome()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 25m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var paymentId = (await Shop.Orders.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString()!;
        var disputeId = "dp_" + Guid.NewGuid().ToString("N")[..20];
        var created = DisputeEvent("charge.dispute.created", disputeId, paymentId, "needs_response");

        // A forged signature changes nothing; the signed delivery is applied once (a redelivery is a duplicate).
        Assert.Equal(HttpStatusCode.Unauthorized, (await StripeAsync(created, "whsec_wrong")).StatusCode);
        var first = await StripeAsync(created);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False((await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.True((await (await StripeAsync(created)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());

        var dispute = await Eventually.ValueAsync(
            () => DisputeAsync(Shop, disputeId),
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("status").GetString() == "evidence_submitted",
            "the dispute's evidence submitted");
        Assert.Equal(orderId, dispute.GetProperty("orderId").GetString());
        var evidence = dispute.GetProperty("evidence");
        Assert.Equal("1Z" + orderId[^8..], evidence.GetProperty("trackingNumber").GetString());
        Assert.Contains("1 Main St", evidence.GetProperty("shippingAddress").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(JsonValueKind.Null, evidence.GetProperty("deliveredAt").ValueKind);
        Assert.Contains(evidence.GetProperty("customerEmailsSent").EnumerateArray(), e => e.GetString()!.StartsWith("delivery confirmation", StringComparison.Ordinal));
        Assert.Contains((await Shop.Orders.OrderAsync(orderId)).GetProperty("timeline").EnumerateArray(), e => e.GetProperty("step").GetString() == "dispute_opened");
        await Eventually.TrueAsync(
            async () => (await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?orderId={orderId}")).EnumerateArray().Any(m => m.GetProperty("subject").GetString()!.Contains($"Dispute {disputeId} opened", StringComparison.Ordinal)),
            "ops alerted of the dispute");

        Assert.Equal(HttpStatusCode.OK, (await StripeAsync(DisputeEvent("charge.dispute.closed", disputeId, paymentId, "won"))).StatusCode);
        var closed = await Eventually.ValueAsync(() => DisputeAsync(Shop, disputeId), d => d.GetProperty("status").GetString() == "won", "the dispute's outcome");
        Assert.NotEqual(JsonValueKind.Null, closed.GetProperty("closedAt").ValueKind);
    }

    /// <summary>The dispute as ops see it, or an undefined element before it is recorded (404).</summary>
    internal static async Task<JsonElement> DisputeAsync(ReturnTestClient shop, string disputeId)
    {
        var response = await shop.Admin.GetAsync(new Uri($"/api/admin/disputes/{disputeId}", UriKind.Relative));
        return response.StatusCode == HttpStatusCode.NotFound ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal static string DisputeEvent(string type, string disputeId, string paymentId, string status) => new JsonObject
    {
        ["id"] = "evt_" + Guid.NewGuid().ToString("N")[..24],
        ["object"] = "event",
        ["api_version"] = "2024-06-20",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["type"] = type,
        ["data"] = new JsonObject
        {
            ["object"] = new JsonObject
            {
                ["id"] = disputeId,
                ["object"] = "dispute",
                ["amount"] = 2656,
                ["currency"] = "usd",
                ["charge"] = "ch_" + paymentId,
                ["payment_intent"] = paymentId,
                ["reason"] = "fraudulent",
                ["status"] = status,
                ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                ["evidence_details"] = new JsonObject { ["due_by"] = DateTimeOffset.UtcNow.AddDays(7).ToUnixTimeSeconds(), ["has_evidence"] = false, ["past_due"] = false, ["submission_count"] = 0 },
                ["metadata"] = new JsonObject(),
            },
        },
    }.ToJsonString();

    private Task<HttpResponseMessage> StripeAsync(string body, string secret = "whsec_test") => StripeAsync(Shop, body, secret);

    internal static async Task<HttpResponseMessage> StripeAsync(ReturnTestClient shop, string body, string secret = "whsec_test")
    {
        using var request = StripeWebhooks.SignedRequest(body, secret);
        return await shop.Client.SendAsync(request);
    }
}

using System.Net;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>Refunds and dispute evidence through the Stripe adapter (Stripe.net against the local fake of Stripe's API).</summary>
public sealed class StripeReturnTests(StripeReturnAppFactory app) : ReturnTests<StripeReturnAppFactory>(app)
{
    [Fact]
    public async Task Refund_IsAStripeRefundOnTheCapturedPaymentIntent_WithTheReturnsIdempotencyKey()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 40m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var paymentId = (await Shop.Orders.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString()!;
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "damaged", (sku, 1))).GetProperty("returnId").GetString()!;

        Assert.Equal(HttpStatusCode.OK, (await Shop.ActAsync(returnId, "refund", new { amount = 12.5m })).StatusCode);
        var closed = await Shop.WaitForReturnStatusAsync(returnId, "closed");

        var refund = Assert.Single(App.Stripe.Requests, r => r.Path == "/v1/refunds");
        Assert.Equal(paymentId, refund.Form["payment_intent"]);
        Assert.Equal("1250", refund.Form["amount"]);
        Assert.Equal($"{returnId}:refund", refund.Header("Idempotency-Key"));
        Assert.StartsWith("re_", closed.GetProperty("refund").GetProperty("refundId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisputeEvidence_IsSubmittedThroughStripesDisputeApi()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 25m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var paymentId = (await Shop.Orders.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString()!;
        var disputeId = "dp_" + Guid.NewGuid().ToString("N")[..20];

        Assert.Equal(HttpStatusCode.OK, (await DisputeTests.StripeAsync(Shop, DisputeTests.DisputeEvent("charge.dispute.created", disputeId, paymentId, "needs_response"))).StatusCode);

        var dispute = await Eventually.ValueAsync(
            () => DisputeTests.DisputeAsync(Shop, disputeId),
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("status").GetString() == "evidence_submitted",
            "the dispute's evidence submitted");
        Assert.Equal(orderId, dispute.GetProperty("orderId").GetString());
        var submitted = App.Stripe.Disputes[disputeId];
        Assert.Equal("under_review", submitted["status"]!.GetValue<string>());
        Assert.Equal("1Z" + orderId[^8..], submitted["evidence"]!["shipping_tracking_number"]!.GetValue<string>());
        Assert.Equal("UPS", submitted["evidence"]!["shipping_carrier"]!.GetValue<string>());
        Assert.Contains("delivery confirmation", submitted["evidence"]!["uncategorized_text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"{disputeId}:evidence", Assert.Single(App.Stripe.Requests, r => r.Path == $"/v1/disputes/{disputeId}").Header("Idempotency-Key"));
    }
}

using System.Net;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// A capture refused once the goods have left (Stripe: the authorization expired) never unships the order: it stays
/// shipped with its stock sold, the money is recovered on a new authorization or handed to collections, and ops hear of it.
/// </summary>
public sealed class CaptureAfterShipmentTests(StripeOrderAppFactory app) : OrderTests<StripeOrderAppFactory>(app)
{
    [Fact]
    public async Task CaptureRefusedAfterShipment_TheOrderShips_AndANewAuthorizationIsCaptured()
    {
        var (sku, orderId, firstPayment) = await ConfirmedOrderAsync();
        App.Stripe.FailNext(400, "invalid_request_error", "charge_expired_for_capture", "This PaymentIntent's charge has expired.");

        Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(orderId)).StatusCode);

        var admin = await Eventually.ValueAsync(() => Shop.AdminOrderAsync(orderId), o => o.TryGetProperty("paymentRecovery", out _), "the payment recovery");
        Assert.Equal("reauthorized", admin.GetProperty("paymentRecovery").GetString());
        Assert.NotEqual(firstPayment, admin.GetProperty("paymentId").GetString());
        Assert.Equal("shipped", admin.GetProperty("order").GetProperty("status").GetString());
        var captures = Posts("/capture");
        Assert.Single(captures, p => p.Contains(firstPayment, StringComparison.Ordinal));
        Assert.Single(captures, p => p.Contains(admin.GetProperty("paymentId").GetString()!, StringComparison.Ordinal));
        Assert.Equal(2, App.Stripe.Requests.Count(r => r.Path == "/v1/payment_intents" && r.Header("Idempotency-Key")!.StartsWith(orderId, StringComparison.Ordinal)));
        await AssertSoldAndAlertedAsync(sku, orderId);
    }

    [Fact]
    public async Task CaptureRefusedAndReauthorizationDeclined_TheOrderShips_AndGoesToCollections()
    {
        var (sku, orderId, firstPayment) = await ConfirmedOrderAsync();
        App.Stripe.FailNext(400, "invalid_request_error", "charge_expired_for_capture", "This PaymentIntent's charge has expired.");
        App.Stripe.FailNext(402, "card_error", "card_declined", "Your card was declined.");

        Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(orderId)).StatusCode);

        var admin = await Eventually.ValueAsync(() => Shop.AdminOrderAsync(orderId), o => o.TryGetProperty("paymentRecovery", out _), "the payment recovery");
        Assert.Equal("collections", admin.GetProperty("paymentRecovery").GetString());
        Assert.Equal(firstPayment, admin.GetProperty("paymentId").GetString());
        Assert.Equal("shipped", admin.GetProperty("order").GetProperty("status").GetString());
        await AssertSoldAndAlertedAsync(sku, orderId);
    }

    private async Task<(string Sku, string OrderId, string PaymentId)> ConfirmedOrderAsync()
    {
        var sku = await Shop.AddProductAsync(stock: 5);
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        var paymentId = (await Shop.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString()!;
        return (sku, orderId, paymentId);
    }

    /// <summary>The stock is sold (not given back to sale) and ops got one alert about the order.</summary>
    private async Task AssertSoldAndAlertedAsync(string sku, string orderId)
    {
        var stock = await Shop.StockAsync(sku);
        Assert.Equal((4, 0, 4, 1L), (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("held").GetInt32(), stock.GetProperty("available").GetInt32(), stock.GetProperty("sold").GetInt64()));
        var alerts = await Eventually.ValueAsync(
            async () => (await Shop.EmailsAsync(orderId)).Where(t => t.Contains("alert", StringComparison.OrdinalIgnoreCase)).ToList(),
            list => list.Count > 0,
            "an ops alert about the capture");
        Assert.Single(alerts);
    }

    private List<string> Posts(string pathPart) => App.Stripe.Requests
        .Where(r => r.Method == "POST" && r.Path.Contains(pathPart, StringComparison.Ordinal))
        .Select(r => r.Path)
        .ToList();
}

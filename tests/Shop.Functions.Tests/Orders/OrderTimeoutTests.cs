using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>The workflow's waits, with settings that make them seconds instead of hours.</summary>
public sealed class OrderTimeoutTests(ShortTimingsOrderAppFactory app) : OrderTests<ShortTimingsOrderAppFactory>(app)
{
    [Fact]
    public async Task PaymentActionNeverCompleted_TimesOut_VoidsReleasesAndFailsThePayment()
    {
        var sku = await Shop.AddProductAsync(stock: 2);
        var orderId = await Shop.PlaceAsync(sku, paymentMethod: "pm_card_authenticationRequired");

        var order = await Shop.WaitForStatusAsync(orderId, "payment_failed");

        Assert.Contains("not completed", order.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Shop.StockAsync(sku)).GetProperty("held").GetInt32());
        await Eventually.TrueAsync(async () => (await Shop.LedgerAsync(orderId)).Any(e => e.Kind == "void"), "the authorization to be voided");
    }

    [Fact]
    public async Task ShipmentSlaMissed_SendsADelayNoticeAndAnOpsAlert_ThenTheHardLimitCancels()
    {
        var sku = await Shop.AddProductAsync(stock: 2);
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");

        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(orderId)).Contains("shipmentDelayed"), "the delay notice", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(
            async () => (await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?to=ops@shop.example&orderId={orderId}")).GetArrayLength() > 0,
            "the ops alert");

        var cancelled = await Shop.WaitForStatusAsync(orderId, "cancelled");
        Assert.Contains("could not be shipped", cancelled.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await Shop.StockAsync(sku)).GetProperty("held").GetInt32());
        await Eventually.TrueAsync(async () => (await Shop.LedgerAsync(orderId)).Any(e => e.Kind == "void"), "the authorization to be voided");
        await Eventually.TrueAsync(async () => (await Shop.EmailsAsync(orderId)).Contains("orderCancelled"), "the cancellation email");
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>The workflow's waits, with settings that make them seconds instead of hours.</summary>
public sealed class OrderTimeoutTests(ShortTimingsOrderAppFactory app) : IClassFixture<ShortTimingsOrderAppFactory>, IAsyncLifetime
{
    private OrderTestClient _shop = null!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        _shop = new OrderTestClient(app);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PaymentActionNeverCompleted_TimesOut_VoidsReleasesAndFailsThePayment()
    {
        var sku = await _shop.AddProductAsync(stock: 2);
        var orderId = await _shop.PlaceAsync(sku, paymentMethod: "pm_card_authenticationRequired");

        var order = await _shop.WaitForStatusAsync(orderId, "payment_failed");

        Assert.Contains("not completed", order.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _shop.StockAsync(sku)).GetProperty("held").GetInt32());
        await Eventually.TrueAsync(async () => (await _shop.LedgerAsync(orderId)).Any(e => e.Kind == "void"), "the authorization to be voided");
    }

    [Fact]
    public async Task ShipmentSlaMissed_SendsADelayNoticeAndAnOpsAlert_ThenTheHardLimitCancels()
    {
        var sku = await _shop.AddProductAsync(stock: 2);
        var orderId = await _shop.PlaceAsync(sku);
        await _shop.WaitForStatusAsync(orderId, "confirmed");

        await Eventually.TrueAsync(async () => (await _shop.EmailsAsync(orderId)).Contains("shipmentDelayed"), "the delay notice", TimeSpan.FromSeconds(30));
        var alerts = await _shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?to=ops@shop.example&orderId={orderId}");
        Assert.NotEqual(0, alerts.GetArrayLength());

        var cancelled = await _shop.WaitForStatusAsync(orderId, "cancelled");
        Assert.Contains("could not be shipped", cancelled.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, (await _shop.StockAsync(sku)).GetProperty("held").GetInt32());
        await Eventually.TrueAsync(async () => (await _shop.LedgerAsync(orderId)).Any(e => e.Kind == "void"), "the authorization to be voided");
        await Eventually.TrueAsync(async () => (await _shop.EmailsAsync(orderId)).Contains("orderCancelled"), "the cancellation email");
    }
}

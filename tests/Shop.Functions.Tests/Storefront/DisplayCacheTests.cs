using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Storefront;

/// <summary>
/// What shoppers see of products and stock when the app runs on more than one instance: each instance shows its own
/// changes at once and another instance's within the display cache time; admin views always read storage.
/// </summary>
public sealed class DisplayCacheTests : IAsyncLifetime
{
    private readonly StorefrontFactory _here = StorefrontFactory.Create(seedDemoData: false);
    private StorefrontFactory _elsewhere = null!;

    public async Task InitializeAsync()
    {
        await _here.InitializeAsync();
        _elsewhere = StorefrontFactory.SharingTablesWith(_here);
        await _elsewhere.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _elsewhere.DisposeAsync();
        await _here.DisposeAsync();
    }

    [Fact]
    public async Task AnotherInstancesStockChange_ShowsWithinTheCacheTime_OwnChangesAndAdminViewsAtOnce()
    {
        var sku = "DC" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        await _here.AddProductAsync(sku, "Display cache mug", "Kitchen", 10m, onHand: 10);
        var shopper = _here.CreateClient();
        Assert.Equal("in_stock", await AvailabilityAsync(shopper, sku));

        // Another instance holds 8 of the 10 units: the admin view here reads storage and sees it at once …
        Assert.True((await _elsewhere.Stock.TryHoldAsync("order-" + Guid.NewGuid().ToString("N"), [new(sku, 8)], DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
        var admin = await _here.CreateAdminClient().GetFromJsonAsync<JsonElement>($"/api/admin/stock/{sku}");
        Assert.Equal(2, admin.GetProperty("available").GetInt32());

        // … the shopper's page shows it once this instance's copy expires (2 s by default) …
        await Eventually.TrueAsync(async () => await AvailabilityAsync(shopper, sku) == "low", "the product page to show the other instance's hold", TimeSpan.FromSeconds(10));

        // … and this instance's own change shows at once.
        await _here.Stock.ReceiveAsync(sku, 20, "restock");
        Assert.Equal("in_stock", await AvailabilityAsync(shopper, sku));
    }

    private static async Task<string?> AvailabilityAsync(HttpClient client, string sku) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/products/{sku}")).GetProperty("availability").GetString();
}

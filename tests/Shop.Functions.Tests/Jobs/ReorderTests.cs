using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Functions.Tests.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Jobs;

/// <summary>
/// The restock check after real sales: the velocity comes from the units sold per day (written with each sale), the
/// reorder point covers lead time + cover days, ops get one alert per crossing, and the report lists the SKU.
/// </summary>
public sealed class ReorderTests(OrderAppFactory app) : OrderTests<OrderAppFactory>(app)
{
    private JobsTestClient Jobs => new(App, Shop);

    [Fact]
    public async Task SalesBringASkuToItsReorderPoint_OpsAreAlertedOncePerCrossing_AndTheReportListsIt()
    {
        var sku = await Shop.AddProductAsync(stock: 10);
        (await Shop.Admin.PutAsJsonAsync($"/api/admin/stock/{sku}/reorder", new { reorderPoint = 0, leadTimeDays = 7 })).EnsureSuccessStatusCode();
        await ShipOrderAsync(sku, 3);
        await ShipOrderAsync(sku, 3);

        await Jobs.RunReorderCheckAsync();

        // 6 units in 28 days: 0.214 a day; point ⌈0.214 × (7 + 14)⌉ = 5 ≥ 4 available; order up to ⌈0.214 × 28⌉ = 6.
        var line = Line(await Jobs.ReorderReportAsync(), "atOrBelowReorderPoint", sku);
        Assert.Equal(4, line.GetProperty("available").GetInt32());
        Assert.Equal(0.214m, line.GetProperty("velocity").GetDecimal());
        Assert.Equal(5, line.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(18.7m, line.GetProperty("daysOfCover").GetDecimal());
        Assert.Equal(2, line.GetProperty("suggestedOrderQuantity").GetInt32());
        var alert = Assert.Single(await Jobs.OpsEmailsAsync($"Reorder {sku}"));
        Assert.Equal("reorderPointAlert", alert.Template);

        // The timer fires twice and a check is delivered twice: still one alert.
        await Jobs.RunReorderCheckAsync();
        await Jobs.SendToQueueAsync(App.Settings["Reorder__Queue"]!, $$"""{"sku":"{{sku}}","day":"{{DateTime.UtcNow:yyyy-MM-dd}}"}""");
        await Jobs.QueueDrainedAsync(App.Settings["Reorder__Queue"]!);
        Assert.Single(await Jobs.OpsEmailsAsync($"Reorder {sku}"));

        // Stock rises above the point: off the report. Sold down again: a new crossing, a second alert.
        (await Shop.Admin.PostAsJsonAsync($"/api/admin/stock/{sku}/receipts", new { quantity = 10 })).EnsureSuccessStatusCode();
        await Jobs.RunReorderCheckAsync();
        Assert.DoesNotContain((await Jobs.ReorderReportAsync()).GetProperty("atOrBelowReorderPoint").EnumerateArray(), l => l.GetProperty("sku").GetString() == sku);
        await ShipOrderAsync(sku, 9);
        await Jobs.RunReorderCheckAsync();
        Assert.Equal(12, Line(await Jobs.ReorderReportAsync(), "atOrBelowReorderPoint", sku).GetProperty("reorderPoint").GetInt32());
        Assert.Equal(2, (await Jobs.OpsEmailsAsync($"Reorder {sku}")).Count);
        Assert.Contains(await Jobs.EventsAsync(), e => e.GetProperty("type").GetString() == "shop.stock.reorder_point_reached" && e.GetProperty("subject").GetString() == $"stock/{sku}");
    }

    [Fact]
    public async Task AnOrderTakingTheLastUnit_AlertsOpsAtOnce_Once()
    {
        var sku = await Shop.AddProductAsync(stock: 2);
        var orderId = await Shop.PlaceAsync(sku, 2);
        await Shop.WaitForStatusAsync(orderId, "confirmed");

        var alert = await Eventually.ValueAsync(() => Jobs.OpsEmailsAsync($"Stock of {sku}"), a => a.Count > 0, "the sold-out alert");
        Assert.Equal("anomalyAlert", Assert.Single(alert).Template);

        // The same level sold out again (the order cancelled, its stock back, then held again) alerts nothing new.
        Assert.Equal(HttpStatusCode.OK, (await Shop.CancelAsync(orderId)).StatusCode);
        var again = await Shop.PlaceAsync(sku, 2);
        await Shop.WaitForStatusAsync(again, "confirmed");
        Assert.Single(await Jobs.OpsEmailsAsync($"Stock of {sku}"));
    }

    [Fact]
    public async Task ASkuWithStockAndNoSales_IsASlowMover_NotOneToReorder()
    {
        var sku = await Shop.AddProductAsync(stock: 7);

        await Jobs.RunReorderCheckAsync();

        var report = await Jobs.ReorderReportAsync();
        Assert.Equal(7, Line(report, "slowMovers", sku).GetProperty("onHand").GetInt32());
        Assert.DoesNotContain(report.GetProperty("atOrBelowReorderPoint").EnumerateArray(), l => l.GetProperty("sku").GetString() == sku);
        Assert.Empty(await Jobs.OpsEmailsAsync($"Reorder {sku}"));
    }

    [Fact]
    public async Task TheReportAndTheTrigger_NeedTheAdminKey()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await Shop.Client.GetAsync("/api/admin/reorder")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Shop.Client.PostAsync("/api/admin/jobs/reorder", null)).StatusCode);
    }

    private async Task ShipOrderAsync(string sku, int quantity)
    {
        var orderId = await Shop.PlaceAsync(sku, quantity);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(orderId)).StatusCode);
        await Eventually.TrueAsync(async () => (await Shop.StockAsync(sku)).GetProperty("sold").GetInt64() > 0 && (await Shop.StockAsync(sku)).GetProperty("held").GetInt32() == 0, "the sale recorded");
    }

    private static JsonElement Line(JsonElement report, string list, string sku) =>
        Assert.Single(report.GetProperty(list).EnumerateArray(), l => l.GetProperty("sku").GetString() == sku);
}

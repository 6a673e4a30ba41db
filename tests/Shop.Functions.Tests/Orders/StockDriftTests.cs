using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Shop.Hosting.Storage;
using Shop.Orchestrations.Jobs;

namespace Shop.Functions.Tests.Orders;

public sealed class StockDriftTests(OrderAppFactory app) : OrderTests<OrderAppFactory>(app)
{
    [Fact]
    public async Task DriftRepair_RecomputesHeldFromTheLiveHolds_AndAlertsOps()
    {
        var sku = await Shop.AddProductAsync(stock: 6);
        var orderId = await Shop.PlaceAsync(sku, quantity: 2);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        // Corrupt the recorded held quantity behind the store's back (a defect or a manual edit).
        var table = App.Services.GetRequiredService<StorageClientFactory>().GetTableServiceClient().GetTableClient(App.Settings["Inventory__StockTable"]);
        var item = (await table.GetEntityAsync<TableEntity>(sku, "item")).Value;
        item["Held"] = 5;
        await table.UpdateEntityAsync(item, item.ETag, TableUpdateMode.Replace);

        await using var scope = App.Services.CreateAsyncScope();
        var drifts = await scope.ServiceProvider.GetRequiredService<OrderJobs>().RepairStockDriftAsync();

        var drift = Assert.Single(drifts, d => d.Sku == sku);
        Assert.Equal((5, 2, true), (drift.RecordedHeld, drift.LiveHolds, drift.Repaired));
        var stock = await Shop.StockAsync(sku);
        Assert.Equal((6, 2, 4), (stock.GetProperty("onHand").GetInt32(), stock.GetProperty("held").GetInt32(), stock.GetProperty("available").GetInt32()));
        var alerts = await Shop.Client.GetFromJsonAsync<JsonElement>("/api/dev/outbox?to=ops@shop.example");
        Assert.Contains(alerts.EnumerateArray(), a => a.GetProperty("template").GetString() == "anomalyAlert" && a.GetProperty("subject").GetString()!.Contains(sku, StringComparison.Ordinal));
        Assert.DoesNotContain(await scope.ServiceProvider.GetRequiredService<OrderJobs>().RepairStockDriftAsync(), d => d.Sku == sku);
    }
}

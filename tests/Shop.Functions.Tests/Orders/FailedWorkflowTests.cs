using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>A workflow that fails for good tells ops, whatever the order's status.</summary>
public sealed class FailedWorkflowTests(FaultyStorageOrderAppFactory app) : OrderTests<FaultyStorageOrderAppFactory>(app)
{
    [Fact]
    public async Task WorkflowThatFailsAfterShipment_AlertsOps_AndSaysSoInItsStatus()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");

        // The stock tables stop answering: after the goods leave, selling the held stock fails through every retry.
        var stockTable = App.Settings["Inventory__StockTable"]!;
        var holdsTable = App.Settings["Inventory__HoldsTable"]!;
        App.Faults.FailWhen(r => r.Uri.Path.Contains(stockTable, StringComparison.Ordinal) || r.Uri.Path.Contains(holdsTable, StringComparison.Ordinal));
        try
        {
            (await Shop.ShipAsync(orderId)).EnsureSuccessStatusCode();
            await Eventually.TrueAsync(
                async () => (await Shop.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{orderId}")).GetProperty("runtimeStatus").GetString() is "failed" or "Failed",
                "the workflow to fail",
                TimeSpan.FromSeconds(60));
        }
        finally
        {
            App.Faults.FailWhen(null);
        }

        Assert.Equal("failed", await Shop.StepAsync(orderId));
        var alerts = await Eventually.ValueAsync(
            async () => (await Shop.EmailsAsync(orderId)).Where(t => t.Contains("alert", StringComparison.OrdinalIgnoreCase)).ToList(),
            list => list.Count > 0,
            "an ops alert about the order");
        Assert.Single(alerts);
    }
}

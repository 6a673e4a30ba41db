using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// An order runs the workflow version it started on, across a deploy: one placed on version 1 (before picking, when the
/// capture came before the shipment) and carried over to an app that starts new orders on version 2 finishes on
/// version 1's steps, while a new order runs version 2's.
/// </summary>
public sealed class WorkflowVersionTests
{
    [Fact]
    public async Task OrderInFlightAcrossADeploy_KeepsItsVersion_AndANewOrderRunsTheCurrentOne()
    {
        string sku, before;
        Dictionary<string, string?> storage;
        await using (var old = new OrderAppFactory())
        {
            old.Settings["OrderWorkflow__StartVersion"] = "1";
            await old.InitializeAsync();
            var shop = new OrderTestClient(old);
            sku = await shop.AddProductAsync(stock: 5);
            before = await shop.PlaceAsync(sku);
            await shop.WaitForStatusAsync(before, "confirmed");
            await shop.WaitForStepAsync(before, "awaiting_shipment");
            storage = new Dictionary<string, string?>(old.Settings, StringComparer.OrdinalIgnoreCase);
        }

        // The deploy: the same storage and task hub, new code starting orders on the current version.
        await using var current = new OrderAppFactory();
        foreach (var (key, value) in storage.Where(s => s.Key != "OrderWorkflow__StartVersion"))
        {
            current.Settings[key] = value;
        }

        await current.InitializeAsync();
        var client = new OrderTestClient(current);
        var after = await client.PlaceAsync(sku);
        await client.WaitForStatusAsync(after, "confirmed");

        Assert.Equal(HttpStatusCode.OK, (await client.ShipAsync(before)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.ShipAsync(after)).StatusCode);

        Assert.Equal(["CapturePayment", "ConvertStock", "MarkShipped"], await ShippingStepsAsync(client, before));
        Assert.Equal(["MarkShipped", "ConvertStock", "CapturePayment"], await ShippingStepsAsync(client, after));
        Assert.Equal(1, await VersionAsync(client, before));
        Assert.Equal(2, await VersionAsync(client, after));
    }

    /// <summary>The three shipping steps in the order the workflow scheduled them, once all three are done.</summary>
    private static async Task<List<string>> ShippingStepsAsync(OrderTestClient client, string orderId) =>
        await Eventually.ValueAsync(
            async () => (await HistoryAsync(client, orderId))
                .Where(e => e.GetProperty("eventType").GetString() == "taskScheduled")
                .Select(e => e.GetProperty("name").GetString()!)
                .Where(n => n is "CapturePayment" or "ConvertStock" or "MarkShipped")
                .ToList(),
            steps => steps.Count == 3,
            $"order {orderId}'s shipping steps");

    private static async Task<int> VersionAsync(OrderTestClient client, string orderId) =>
        (await HistoryAsync(client, orderId)).First(e => e.GetProperty("eventType").GetString() == "executionStarted")
            .GetProperty("input").GetProperty("version").GetInt32();

    private static async Task<List<JsonElement>> HistoryAsync(OrderTestClient client, string orderId) =>
        (await client.Admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{orderId}?history=true"))
            .GetProperty("history").EnumerateArray().ToList();
}

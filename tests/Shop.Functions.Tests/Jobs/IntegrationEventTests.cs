using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Functions.Tests.Orders;
using Shop.Testing;

namespace Shop.Functions.Tests.Jobs;

/// <summary>Integration events of an order's life, as CloudEvents on the local events queue (the Storage adapter, end to end on Azurite).</summary>
public sealed class IntegrationEventTests(OrderAppFactory app) : OrderTests<OrderAppFactory>(app)
{
    private JobsTestClient Jobs => new(App, Shop);

    [Fact]
    public async Task AnOrderDelivered_PublishesPlacedConfirmedShippedDelivered_EachOnceWithAStableId()
    {
        var sku = await Shop.AddProductAsync(stock: 5);
        var orderId = await Shop.PlaceAsync(sku, 2);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(orderId)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Shop.CarrierAsync(orderId, "delivered")).StatusCode);
        await Shop.WaitForStatusAsync(orderId, "delivered");

        var events = await Eventually.ValueAsync(
            async () => (await Jobs.EventsAsync()).Where(e => e.GetProperty("subject").GetString() == $"orders/{orderId}").ToList(),
            e => e.Count >= 4,
            "the order's four events");

        Assert.Equal(
            ["shop.order.placed", "shop.order.confirmed", "shop.order.shipped", "shop.order.delivered"],
            events.Select(e => e.GetProperty("type").GetString()!).ToArray());
        foreach (var e in events)
        {
            Assert.Equal("1.0", e.GetProperty("specversion").GetString());
            Assert.Equal($"{orderId}/{e.GetProperty("type").GetString()}", e.GetProperty("id").GetString());
            Assert.Equal("urn:shop", e.GetProperty("source").GetString());
            Assert.Equal(orderId, e.GetProperty("data").GetProperty("orderId").GetString());
            Assert.Equal(2, e.GetProperty("data").GetProperty("lines")[0].GetProperty("quantity").GetInt32());
            Assert.False(e.GetProperty("data").TryGetProperty("email", out _));
        }
    }

    [Fact]
    public async Task AnOrderCancelled_PublishesCancelled()
    {
        var sku = await Shop.AddProductAsync(stock: 5);
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        Assert.Equal(HttpStatusCode.OK, (await Shop.CancelAsync(orderId)).StatusCode);

        var cancelled = await Eventually.ValueAsync(
            async () => (await Jobs.EventsAsync()).Where(e => e.GetProperty("id").GetString() == $"{orderId}/shop.order.cancelled").ToList(),
            e => e.Count > 0,
            "the cancelled event");
        Assert.Equal("cancelled", Assert.Single(cancelled).GetProperty("data").GetProperty("status").GetString());

        // Development shows the same events without taking them off the queue.
        var shown = await Shop.Client.GetFromJsonAsync<JsonElement>("/api/dev/events");
        Assert.Contains(shown.EnumerateArray(), e => e.GetProperty("id").GetString() == $"{orderId}/shop.order.cancelled");
    }
}

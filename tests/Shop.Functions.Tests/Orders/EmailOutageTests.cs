using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>Email is never on an order's critical path: while SendGrid is down, orders go on, and their emails follow once it is back.</summary>
public sealed class EmailOutageTests(SendGridOutageOrderAppFactory app) : OrderTests<SendGridOutageOrderAppFactory>(app)
{
    [Fact]
    public async Task SendGridDown_TheOrderIsConfirmedShippedAndCaptured_ThenEachEmailGoesOutOnce()
    {
        var sku = await Shop.AddProductAsync();
        App.SendGrid.Down = true;
        string orderId;
        try
        {
            orderId = await Shop.PlaceAsync(sku);
            await Shop.WaitForStatusAsync(orderId, "confirmed");
            await Eventually.TrueAsync(
                async () => (await Shop.Admin.GetFromJsonAsync<JsonElement>("/api/admin/fulfillment?status=pending")).EnumerateArray().Any(p => p.GetProperty("orderId").GetString() == orderId),
                "the pick list for the warehouse");

            // The warehouse ships while no email can go out: the payment is captured and the order is shipped.
            (await Shop.ShipAsync(orderId)).EnsureSuccessStatusCode();
            await Shop.WaitForStatusAsync(orderId, "shipped");
            await Eventually.TrueAsync(async () => (await Shop.LedgerAsync(orderId)).Any(e => e.Kind == "capture"), "the capture");
            Assert.Empty(Sent(orderId));
        }
        finally
        {
            App.SendGrid.Down = false;
        }

        var sent = await Eventually.ValueAsync(
            () => Task.FromResult(Sent(orderId)),
            templates => templates.Contains("OrderConfirmed") && templates.Contains("Shipped"),
            "the confirmation and shipment emails once SendGrid is back");
        Assert.Single(sent, t => t == "OrderConfirmed");
        Assert.Single(sent, t => t == "Shipped");
    }

    /// <summary>The templates SendGrid accepted for the order.</summary>
    private List<string> Sent(string orderId) => App.SendGrid.Accepted
        .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("personalizations")[0].GetProperty("custom_args"))
        .Where(a => a.GetProperty("order_id").GetString() == orderId)
        .Select(a => a.GetProperty("template").GetString()!)
        .ToList();
}

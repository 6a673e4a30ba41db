using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// Cancel (the customer) and picking or shipment (the warehouse) race for the same order: the workflow takes one, and
/// each caller is told the workflow's actual decision — never a 202 for a request that then loses.
/// </summary>
public sealed class CancelShipRaceTests(OrderAppFactory app) : OrderTests<OrderAppFactory>(app)
{
    [Fact]
    public async Task PickedFirst_CancelIsRefused_AndTheOrderShipsAndIsCharged()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");

        var picked = await Shop.PickAsync(orderId);
        var cancel = await Shop.CancelAsync(orderId);
        var shipped = await Shop.ShipAsync(orderId);

        Assert.Equal((HttpStatusCode.OK, "picking"), (picked.StatusCode, await StatusOfAsync(picked)));
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Contains("packing", (await cancel.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, "shipped"), (shipped.StatusCode, await StatusOfAsync(shipped)));
        await AssertChargedOnceAsync(orderId);
    }

    [Fact]
    public async Task CancelledFirst_PickingAndShipmentAreRefused_AndNothingIsCharged()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");

        var cancel = await Shop.CancelAsync(orderId);
        var picked = await Shop.PickAsync(orderId);
        var shipped = await Shop.ShipAsync(orderId);

        Assert.Equal((HttpStatusCode.OK, "cancelled"), (cancel.StatusCode, await StatusOfAsync(cancel)));
        Assert.Equal(HttpStatusCode.Conflict, picked.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, shipped.StatusCode);
        await AssertVoidedAsync(orderId);
    }

    [Theory]
    [InlineData("ship")]
    [InlineData("pick")]
    public async Task CancelAndWarehouseAtTheSameMoment_OneWins_AndEachCallerIsToldWhich(string warehouse)
    {
        var sku = await Shop.AddProductAsync(stock: 20);
        for (var round = 0; round < 4; round++)
        {
            var orderId = await Shop.PlaceAsync(sku);
            await Shop.WaitForStatusAsync(orderId, "confirmed");

            // Both requests find the order confirmed and both reach the workflow; it takes one of them first.
            var cancelling = Shop.CancelAsync(orderId);
            var working = warehouse == "ship" ? Shop.ShipAsync(orderId) : Shop.PickAsync(orderId);
            var (cancel, work) = (await cancelling, await working);

            Assert.Equal(1, new[] { cancel, work }.Count(r => r.StatusCode == HttpStatusCode.OK));
            Assert.Equal(1, new[] { cancel, work }.Count(r => r.StatusCode == HttpStatusCode.Conflict));
            var status = (await Shop.OrderAsync(orderId)).GetProperty("status").GetString();
            if (cancel.StatusCode == HttpStatusCode.OK)
            {
                Assert.Equal("cancelled", status);
                await AssertVoidedAsync(orderId);
            }
            else
            {
                Assert.Equal(warehouse == "ship" ? "shipped" : "picking", status);
                if (warehouse == "pick")
                {
                    Assert.Equal(HttpStatusCode.OK, (await Shop.ShipAsync(orderId)).StatusCode);
                }

                await AssertChargedOnceAsync(orderId);
            }
        }
    }

    private static async Task<string?> StatusOfAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();

    private async Task AssertChargedOnceAsync(string orderId)
    {
        var ledger = await Shop.LedgerAsync(orderId);
        await Shop.WaitForStatusAsync(orderId, "shipped");
        Assert.DoesNotContain(ledger, e => e.Kind == "void");
        await Eventually.TrueAsync(async () => (await Shop.LedgerAsync(orderId)).Count(e => e.Kind == "capture") == 1, "one capture");
    }

    private async Task AssertVoidedAsync(string orderId)
    {
        await Eventually.TrueAsync(async () => (await Shop.LedgerAsync(orderId)).Any(e => e.Kind == "void"), "the authorization to be voided");
        Assert.DoesNotContain(await Shop.LedgerAsync(orderId), e => e.Kind == "capture");
    }
}

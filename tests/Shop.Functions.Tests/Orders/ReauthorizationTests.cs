using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>An order not shipped before its authorization lapses is re-authorized, and the order records the new payment.</summary>
public sealed class ReauthorizationTests(ShortAuthorizationOrderAppFactory app) : OrderTests<ShortAuthorizationOrderAppFactory>(app)
{
    [Fact]
    public async Task Reauthorization_BeforeTheCaptureDeadline_SavesTheNewPaymentOnTheOrder()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        var first = (await Shop.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString();

        // The order stands on the payment authorized last, once there is more than one.
        await Eventually.TrueAsync(
            async () =>
            {
                var authorizations = (await Shop.LedgerAsync(orderId)).Where(e => e.Kind == "authorization" && e.Outcome == "authorized").Select(e => e.PaymentId).Distinct().ToList();
                var current = (await Shop.AdminOrderAsync(orderId)).GetProperty("paymentId").GetString();
                return authorizations.Count >= 2 && current != first && authorizations.Contains(current!);
            },
            "the order to record its re-authorized payment",
            TimeSpan.FromSeconds(45));

        Assert.Equal("confirmed", (await Shop.OrderAsync(orderId)).GetProperty("status").GetString());
    }
}

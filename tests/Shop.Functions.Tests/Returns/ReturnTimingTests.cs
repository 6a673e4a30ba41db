using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>The return workflow's waits on short settings: ops' approval with a reminder, a parcel that never comes, an uninspected return alerted.</summary>
public sealed class ReturnTimingTests(ShortReturnTimingsAppFactory app) : ReturnTests<ShortReturnTimingsAppFactory>(app)
{
    [Fact]
    public async Task ParcelThatNeverComes_IsRemindedThenExpires_AndTheLineCanBeReturnedAgain()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "wrong_item", (sku, 1))).GetProperty("returnId").GetString()!;

        var expired = await Shop.WaitForReturnStatusAsync(returnId, "expired");

        Assert.Contains(expired.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("step").GetString() == "parcel_reminder");
        Assert.Contains("did not reach us", expired.GetProperty("closingReason").GetString(), StringComparison.Ordinal);
        var emails = await Eventually.ValueAsync(() => Shop.Orders.EmailsAsync(orderId), e => e.Contains("returnRejected"), "the expiry email");
        Assert.Equal(2, emails.Count(t => t == "returnRequested"));
        Assert.Empty(await Shop.RefundsAsync(orderId));
        await Shop.RequestOkAsync(orderId, token, "wrong_item", (sku, 1));
    }

    [Fact]
    public async Task OtherReason_WaitsForOps_WhoAreRemindedAndRejectIt_AndTheCustomerIsTold()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "other", (sku, 1))).GetProperty("returnId").GetString()!;

        await Eventually.TrueAsync(
            async () => (await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?orderId={orderId}")).EnumerateArray().Count(m => m.GetProperty("template").GetString() == "opsAlert") >= 2,
            "ops alerted of the return awaiting approval, then reminded");
        Assert.Equal("requested", (await Shop.ReturnAsync(returnId)).GetProperty("status").GetString());
        var rejected = await Shop.ActAsync(returnId, "reject", new { reason = "the item shows signs of use." });
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Equal("rejected", (await rejected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.ActAsync(returnId, "approve")).StatusCode);
        await Eventually.TrueAsync(async () => (await Shop.Orders.EmailsAsync(orderId)).Contains("returnRejected"), "the rejection email");
    }

    [Fact]
    public async Task ReceivedReturnLeftUninspected_AlertsOpsBeforeTheRefundDeadline()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "not_as_described", (sku, 1))).GetProperty("returnId").GetString()!;
        await Shop.WaitForReturnStatusAsync(returnId, "awaiting_parcel");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ActAsync(returnId, "receive")).StatusCode);

        await Eventually.TrueAsync(
            async () => (await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?orderId={orderId}")).EnumerateArray()
                .Any(m => m.GetProperty("template").GetString() == "opsAlert" && m.GetProperty("subject").GetString()!.Contains("still uninspected", StringComparison.Ordinal)),
            "ops alerted that the received return is uninspected before its refund deadline");
        Assert.Equal("received", (await Shop.ReturnAsync(returnId)).GetProperty("status").GetString());
    }
}

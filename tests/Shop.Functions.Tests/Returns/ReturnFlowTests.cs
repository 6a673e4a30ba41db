using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>Returns from the delivered email's link to the refund, through HTTP and the return workflow, on the simulated gateway.</summary>
public sealed class ReturnFlowTests(ReturnAppFactory app) : ReturnTests<ReturnAppFactory>(app)
{
    [Fact]
    public async Task FullReturn_FromTheDeliveredEmailsLink_IsLabelledReceivedInspectedAndRefundedOnce()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 30m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 2)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);

        // The link answers what can be returned.
        var options = await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}/returns?token={Uri.EscapeDataString(token)}");
        Assert.True(options.GetProperty("open").GetBoolean());
        Assert.Equal(2, options.GetProperty("lines")[0].GetProperty("returnable").GetInt32());

        // Not the shop's fault: the line and its tax share back (IL 6.25 % of $30), not the shipping; approved automatically.
        var created = await Shop.RequestOkAsync(orderId, token, "no_longer_needed", (sku, 1));
        var returnId = created.GetProperty("returnId").GetString()!;
        Assert.Equal(31.88m, created.GetProperty("expectedRefund").GetProperty("amount").GetDecimal());
        var labelled = await Shop.WaitForReturnStatusAsync(returnId, "awaiting_parcel");
        var label = new Uri(labelled.GetProperty("label").GetProperty("url").GetString()!);
        var pdf = await Shop.Client.GetAsync(label.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync())[..5]);

        // The carrier reports the parcel (twice: the second is a duplicate); ops inspect and restock.
        var eventId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.OK, (await Shop.ParcelReceivedAsync(returnId, eventId)).StatusCode);
        var again = await (await Shop.ParcelReceivedAsync(returnId, eventId)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(again.GetProperty("duplicate").GetBoolean());
        var received = await Shop.WaitForReturnStatusAsync(returnId, "received");
        Assert.True(received.GetProperty("refundDueBy").GetDateTimeOffset() > received.GetProperty("receivedAt").GetDateTimeOffset().AddDays(2));
        var inspected = await Shop.ActAsync(returnId, "inspect", new { lines = new[] { new { sku, disposition = "restock" } } });
        Assert.Equal(HttpStatusCode.OK, inspected.StatusCode);

        var closed = await Shop.WaitForReturnStatusAsync(returnId, "closed");
        Assert.Equal(31.88m, closed.GetProperty("refund").GetProperty("amount").GetProperty("amount").GetDecimal());
        Assert.Equal([31.88m], await Shop.RefundsAsync(orderId));

        // The order shows its return and refund; the customer got the label, the receipt and the refund.
        var order = await Shop.Orders.OrderAsync(orderId);
        Assert.Equal("closed", order.GetProperty("returns")[0].GetProperty("status").GetString());
        Assert.Equal(31.88m, order.GetProperty("refunded").GetProperty("amount").GetDecimal());
        Assert.Contains(order.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("step").GetString() == "return_refunded");
        var emails = await Eventually.ValueAsync(() => Shop.Orders.EmailsAsync(orderId), e => e.Contains("refundIssued"), "the refund email");
        Assert.Contains("returnRequested", emails);
        Assert.Contains("returnReceived", emails);

        // The restocked unit is available again: 5 received + 1 returned, 2 sold.
        var stock = await Shop.Orders.StockAsync(sku);
        Assert.Equal(4, stock.GetProperty("onHand").GetInt32());
        Assert.Equal(4, stock.GetProperty("available").GetInt32());
        Assert.Equal(stock.GetProperty("received").GetInt64() - stock.GetProperty("sold").GetInt64(), stock.GetProperty("onHand").GetInt32());

        // The week's figures count the return by product and reason; the order's returned event is out.
        var rolledUp = await Shop.Orders.Admin.PostAsync("/api/admin/jobs/weekly-metrics?week=current", null);
        var rollup = await rolledUp.Content.ReadFromJsonAsync<JsonElement>();
        var byProduct = Assert.Single(rollup.GetProperty("returnsByProduct").EnumerateArray(), p => p.GetProperty("sku").GetString() == sku);
        Assert.Equal(1, byProduct.GetProperty("returnedUnits").GetInt32());
        Assert.Equal(2, byProduct.GetProperty("soldUnits").GetInt32());
        Assert.Equal(0.5, byProduct.GetProperty("returnRate").GetDouble());
        Assert.Equal(1, byProduct.GetProperty("reasons").GetProperty("no_longer_needed").GetInt32());
        var events = await Shop.Client.GetFromJsonAsync<JsonElement>("/api/dev/events");
        var returned = Assert.Single(events.EnumerateArray(), e => e.GetProperty("type").GetString() == "shop.order.returned");
        Assert.Equal($"{orderId}/shop.order.returned/{returnId}", returned.GetProperty("id").GetString());
        Assert.Equal(31.88m * 100, returned.GetProperty("data").GetProperty("refund").GetProperty("amountMinor").GetDecimal());
    }

    [Fact]
    public async Task AReturnRequested_StopsTheOrdersRunningReviewRequests_SoNoneIsEverSent()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 30m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var instance = $"/api/admin/instances/review-requests-{orderId}";
        async Task<string?> RuntimeStatusAsync()
        {
            // 404 until the delivered step has started the instance.
            using var response = await Shop.Orders.Admin.GetAsync(instance);
            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runtimeStatus").GetString() : null;
        }

        await Eventually.TrueAsync(async () => await RuntimeStatusAsync() == "running", "the review requests waiting for their first send");

        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        await Shop.RequestOkAsync(orderId, token, "no_longer_needed", (sku, 1));

        await Eventually.TrueAsync(async () => await RuntimeStatusAsync() == "completed", "the review requests stopped by the return");
        // Ops asking for the next email now sends none either: the order has a return.
        await Shop.Orders.Admin.PostAsync($"/api/admin/jobs/review-requests/{orderId}", null);
        Assert.DoesNotContain("reviewRequest", await Shop.Orders.EmailsAsync(orderId));
    }
}

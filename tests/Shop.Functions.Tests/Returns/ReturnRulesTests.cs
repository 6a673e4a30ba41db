using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Infrastructure.Returns;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>What a return request is refused for, and what ops settle: the token, the window, duplicates, damage without a parcel, restock or write-off.</summary>
public sealed class ReturnRulesTests(ReturnAppFactory app) : ReturnTests<ReturnAppFactory>(app)
{
    [Fact]
    public async Task ForgedExpiredOrMissingToken_IsRefused_AndNoReturnIsMade()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var otherOrder = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var tokens = App.Services.GetRequiredService<ReturnTokens>();
        var valid = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var body = new { lines = new[] { new { sku, quantity = 1 } }, reason = "no_longer_needed" };

        var forged = valid[..^4] + (valid[^4..] == "0000" ? "1111" : "0000");
        foreach (var token in new[] { null, "v1.9999999999.abc", forged, await Shop.TokenFromDeliveredEmailAsync(otherOrder), tokens.Issue(orderId, DateTimeOffset.UtcNow.AddMinutes(-1)) })
        {
            var response = await Shop.RequestAsync(orderId, token, body);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var expired = await Shop.RequestAsync(orderId, tokens.Issue(orderId, DateTimeOffset.UtcNow.AddMinutes(-1)), body);
        Assert.Contains("expired", (await expired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await Shop.Orders.OrderAsync(orderId)).GetProperty("returns").EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await Shop.RequestAsync(orderId, valid, body)).StatusCode);
    }

    [Fact]
    public async Task LateReturn_AfterTheWindow_IsRefusedWithAConflict()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)], deliveredAt: DateTimeOffset.UtcNow.AddDays(-31));
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);

        var response = await Shop.RequestAsync(orderId, token, new { lines = new[] { new { sku, quantity = 1 } }, reason = "no_longer_needed" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("return window closed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var options = await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}/returns?token={Uri.EscapeDataString(token)}");
        Assert.False(options.GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task SecondReturnOfTheSameLine_IsRefused_WhileOpenAndOnceEveryUnitIsReturned_AndBadRequestsAre400()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var other = await Shop.Orders.AddProductAsync(price: 12m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 2), (other, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);

        var first = await Shop.RequestOkAsync(orderId, token, "no_longer_needed", (sku, 1));
        var whileOpen = await Shop.RequestAsync(orderId, token, new { lines = new[] { new { sku, quantity = 1 } }, reason = "no_longer_needed" });
        Assert.Equal(HttpStatusCode.Conflict, whileOpen.StatusCode);
        Assert.Contains("still open", (await whileOpen.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);

        // Bad requests name the field at fault.
        async Task<string> FieldOf(object body)
        {
            var response = await Shop.RequestAsync(orderId, token, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateObject().Single().Name;
        }

        Assert.Equal("lines[0].quantity", await FieldOf(new { lines = new[] { new { sku = other, quantity = 2 } }, reason = "damaged" }));
        Assert.Equal("lines[0].sku", await FieldOf(new { lines = new[] { new { sku = "NOPE-1", quantity = 1 } }, reason = "damaged" }));
        Assert.Equal("reason", await FieldOf(new { lines = new[] { new { sku = other, quantity = 1 } }, reason = "bored" }));
        Assert.Equal("reasonText", await FieldOf(new { lines = new[] { new { sku = other, quantity = 1 } }, reason = "other" }));

        // Once the first return is done and the last unit returned too, the line is refused for good.
        var firstId = first.GetProperty("returnId").GetString()!;
        await Shop.WaitForReturnStatusAsync(firstId, "awaiting_parcel");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ActAsync(firstId, "receive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Shop.ActAsync(firstId, "inspect", new { lines = new[] { new { sku, disposition = "restock" } } })).StatusCode);
        await Shop.WaitForReturnStatusAsync(firstId, "closed");
        await Shop.RequestOkAsync(orderId, token, "no_longer_needed", (sku, 1));
        var allReturned = await Shop.RequestAsync(orderId, token, new { lines = new[] { new { sku, quantity = 1 } }, reason = "no_longer_needed" });
        Assert.Equal(HttpStatusCode.Conflict, allReturned.StatusCode);
        Assert.Contains("returned already", (await allReturned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damage_IsSettledByOpsWithAPartialRefund_AndNoReturnShipment()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 40m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var stockBefore = await Shop.Orders.StockAsync(sku);

        // Damaged waits for ops; the shop's fault refunds the shipping too (40 + 2.50 tax + 5.99 + 0.30 per kg).
        var created = await Shop.RequestOkAsync(orderId, token, "damaged", (sku, 1));
        var returnId = created.GetProperty("returnId").GetString()!;
        Assert.Equal(created.GetProperty("expectedRefund").GetProperty("amount").GetDecimal(), (await Shop.Orders.OrderAsync(orderId)).GetProperty("totals").GetProperty("total").GetProperty("amount").GetDecimal());
        await Eventually.TrueAsync(async () => (await Shop.Admin.GetFromJsonAsync<JsonElement>("/api/admin/returns?status=requested")).EnumerateArray().Any(r => r.GetProperty("returnId").GetString() == returnId), "the return listed as awaiting approval");
        var tooMuch = await Shop.ActAsync(returnId, "refund", new { amount = 1000m });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);

        var settled = await Shop.ActAsync(returnId, "refund", new { amount = 15m });
        Assert.Equal(HttpStatusCode.OK, settled.StatusCode);
        var closed = await Shop.WaitForReturnStatusAsync(returnId, "closed");
        Assert.True(closed.GetProperty("settledWithoutParcel").GetBoolean());
        Assert.False(closed.TryGetProperty("label", out _));
        Assert.Equal([15m], await Shop.RefundsAsync(orderId));
        Assert.Equal(15m, (await Shop.Orders.OrderAsync(orderId)).GetProperty("refunded").GetProperty("amount").GetDecimal());
        Assert.DoesNotContain((await Shop.Admin.GetFromJsonAsync<JsonElement>("/api/admin/returns?status=requested")).EnumerateArray(), r => r.GetProperty("returnId").GetString() == returnId);

        // The goods stay with the customer: stock unchanged; a parcel can no longer be received for it.
        var stockAfter = await Shop.Orders.StockAsync(sku);
        Assert.Equal(stockBefore.GetProperty("onHand").GetInt32(), stockAfter.GetProperty("onHand").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.ActAsync(returnId, "receive")).StatusCode);
    }

    [Fact]
    public async Task DamagePhotos_AreImagesWithinTheLimit_AttachedToADamagedReturn_AndShownToOps()
    {
        var sku = await Shop.Orders.AddProductAsync(price: 40m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(sku, 1)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "damaged", (sku, 1))).GetProperty("returnId").GetString()!;
        var url = $"/api/orders/{orderId}/returns/{returnId}/photos?token={Uri.EscapeDataString(token)}";
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

        Task<HttpResponseMessage> Upload(byte[] bytes, string type = "image/png") =>
            Shop.Client.PostAsync(new Uri(url, UriKind.Relative), new ByteArrayContent(bytes) { Headers = { ContentType = new(type) } });

        var added = await Upload(png);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Assert.Equal(1, (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("photos").GetInt32());
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await Upload("not an image"u8.ToArray())).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await Upload([.. png, .. new byte[1024 * 1024]])).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Shop.Client.PostAsync(new Uri($"/api/orders/{orderId}/returns/{returnId}/photos", UriKind.Relative), new ByteArrayContent(png))).StatusCode);

        var photo = await Shop.Admin.GetAsync(new Uri($"/api/admin/returns/{returnId}/photos/0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await photo.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Inspection_RestocksOneLine_AndWritesOffTheOther_TheInventoryInvariantsHolding()
    {
        var kept = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var broken = await Shop.Orders.AddProductAsync(price: 10m, stock: 5);
        var orderId = await Shop.DeliveredOrderAsync([(kept, 2), (broken, 2)]);
        var token = await Shop.TokenFromDeliveredEmailAsync(orderId);
        var returnId = (await Shop.RequestOkAsync(orderId, token, "wrong_item", (kept, 2), (broken, 1))).GetProperty("returnId").GetString()!;
        await Shop.WaitForReturnStatusAsync(returnId, "awaiting_parcel");
        Assert.Equal(HttpStatusCode.OK, (await Shop.ActAsync(returnId, "receive")).StatusCode);

        // Every line needs a disposition.
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.ActAsync(returnId, "inspect", new { lines = new[] { new { sku = kept, disposition = "restock" } } })).StatusCode);
        var inspected = await Shop.ActAsync(returnId, "inspect", new { lines = new[] { new { sku = kept, disposition = "restock" }, new { sku = broken, disposition = "write_off" } } });
        Assert.Equal(HttpStatusCode.OK, inspected.StatusCode);
        await Shop.WaitForReturnStatusAsync(returnId, "closed");

        var restocked = await Shop.Orders.StockAsync(kept);
        var writtenOff = await Shop.Orders.StockAsync(broken);
        Assert.Equal((5, 5, 0), (restocked.GetProperty("onHand").GetInt32(), restocked.GetProperty("available").GetInt32(), restocked.GetProperty("held").GetInt32()));
        Assert.Equal((3, 3, 0), (writtenOff.GetProperty("onHand").GetInt32(), writtenOff.GetProperty("available").GetInt32(), writtenOff.GetProperty("held").GetInt32()));
        foreach (var stock in new[] { restocked, writtenOff })
        {
            Assert.Equal(stock.GetProperty("available").GetInt32() + stock.GetProperty("held").GetInt32(), stock.GetProperty("onHand").GetInt32());
            Assert.Equal(stock.GetProperty("received").GetInt64() - stock.GetProperty("sold").GetInt64(), stock.GetProperty("onHand").GetInt32());
            Assert.True(stock.GetProperty("sold").GetInt64() <= stock.GetProperty("received").GetInt64());
        }

        // A restock is applied once per return and line, whatever retries the step.
        await App.Services.GetRequiredService<Shop.Domain.Inventory.IStockStore>().RestockAsync(kept, 2, $"{returnId}:{kept}");
        Assert.Equal(5, (await Shop.Orders.StockAsync(kept)).GetProperty("onHand").GetInt32());
    }
}

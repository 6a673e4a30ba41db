using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Shop.Functions.Tests.Orders;
using Shop.Infrastructure.Webhooks;
using Shop.Testing;

namespace Shop.Functions.Tests.Returns;

/// <summary>The calls a return test makes, through the real HTTP pipeline: the shopper (with the token of the delivered email), ops and the carrier.</summary>
internal sealed partial class ReturnTestClient(ShopAppFactory app)
{
    private readonly OrderTestClient _orders = new(app);

    public OrderTestClient Orders => _orders;

    public HttpClient Client => _orders.Client;

    public HttpClient Admin => _orders.Admin;

    /// <summary>An order of <paramref name="lines"/> (sku, quantity), picked, shipped and delivered (at <paramref name="deliveredAt"/>, default now).</summary>
    public async Task<string> DeliveredOrderAsync(IReadOnlyList<(string Sku, int Quantity)> lines, DateTimeOffset? deliveredAt = null)
    {
        var cart = await _orders.CartWithAsync(lines[0].Sku, lines[0].Quantity);
        foreach (var (sku, quantity) in lines.Skip(1))
        {
            (await Client.PostAsJsonAsync($"/api/carts/{cart}/items", new { sku, quantity })).EnsureSuccessStatusCode();
        }

        var response = await _orders.CheckoutAsync(cart, idempotencyKey: Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        await _orders.WaitForStatusAsync(orderId, "confirmed");
        (await _orders.PickAsync(orderId)).EnsureSuccessStatusCode();
        (await _orders.ShipAsync(orderId)).EnsureSuccessStatusCode();
        await _orders.WaitForStatusAsync(orderId, "shipped");
        (await CarrierAsync("/api/webhooks/carrier", new { eventId = Guid.NewGuid().ToString(), orderId, status = "delivered", occurredAt = deliveredAt ?? DateTimeOffset.UtcNow })).EnsureSuccessStatusCode();
        await _orders.WaitForStatusAsync(orderId, "delivered");
        return orderId;
    }

    /// <summary>The return token of the order's delivered email, read from the link in the dev outbox (as a shopper clicks it).</summary>
    public async Task<string> TokenFromDeliveredEmailAsync(string orderId)
    {
        var message = await Eventually.ValueAsync(
            async () => (await Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?orderId={orderId}")).EnumerateArray().FirstOrDefault(m => m.GetProperty("template").GetString() == "delivered"),
            m => m.ValueKind == JsonValueKind.Object,
            $"the delivered email of {orderId}");
        var text = (await Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox/{message.GetProperty("id").GetString()}?format=json")).GetProperty("text").GetString()!;
        var link = ReturnsLink().Match(text);
        Assert.True(link.Success, "The delivered email links the returns page with a token: " + text);
        Assert.Equal(orderId, link.Groups["order"].Value);
        return Uri.UnescapeDataString(link.Groups["token"].Value);
    }

    public Task<HttpResponseMessage> RequestAsync(string orderId, string? token, object body) =>
        Client.PostAsJsonAsync(token is null ? $"/api/orders/{orderId}/returns" : $"/api/orders/{orderId}/returns?token={Uri.EscapeDataString(token)}", body);

    /// <summary>Requests a return (201 expected) and returns its view.</summary>
    public async Task<JsonElement> RequestOkAsync(string orderId, string token, string reason, params (string Sku, int Quantity)[] lines)
    {
        var response = await RequestAsync(orderId, token, new { lines = lines.Select(l => new { sku = l.Sku, quantity = l.Quantity }), reason, reasonText = reason == "other" ? "not what I hoped" : null });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async Task<JsonElement> ReturnAsync(string returnId) =>
        await Admin.GetFromJsonAsync<JsonElement>($"/api/admin/returns/{returnId}");

    public Task<JsonElement> WaitForReturnStatusAsync(string returnId, string status) =>
        Eventually.ValueAsync(() => ReturnAsync(returnId), r => r.GetProperty("status").GetString() == status, $"return {returnId} to be {status}", TimeSpan.FromSeconds(45));

    public Task<HttpResponseMessage> ActAsync(string returnId, string action, object? body = null) =>
        body is null
            ? Admin.PostAsync(new Uri($"/api/admin/returns/{returnId}/{action}", UriKind.Relative), null)
            : Admin.PostAsJsonAsync($"/api/admin/returns/{returnId}/{action}", body);

    /// <summary>The carrier reports the return's parcel received (signed).</summary>
    public Task<HttpResponseMessage> ParcelReceivedAsync(string returnId, string? eventId = null) =>
        CarrierAsync("/api/webhooks/carrier/returns", new { eventId = eventId ?? Guid.NewGuid().ToString(), returnId, status = "received", occurredAt = DateTimeOffset.UtcNow });

    /// <summary>Refund entries of the simulated gateway's ledger for the order: (outcome, amount).</summary>
    public async Task<List<decimal>> RefundsAsync(string orderId)
    {
        var view = await Client.GetFromJsonAsync<JsonElement>($"/api/dev/payments?orderId={orderId}");
        return view.GetProperty("ledger").EnumerateArray()
            .Where(e => string.Equals(e.GetProperty("kind").GetString(), "refund", StringComparison.OrdinalIgnoreCase))
            .Select(e => e.GetProperty("amount").GetProperty("amount").GetDecimal())
            .ToList();
    }

    private Task<HttpResponseMessage> CarrierAsync(string path, object payload)
    {
        var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(payload));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Carrier-Signature", WebhookSignature.Sign(bytes, OrderAppFactory.CarrierSecret, DateTimeOffset.UtcNow));
        return Client.SendAsync(request);
    }

    [GeneratedRegex(@"/api/orders/(?<order>[^/\s]+)/returns\?token=(?<token>[^\s&]+)")]
    private static partial Regex ReturnsLink();
}

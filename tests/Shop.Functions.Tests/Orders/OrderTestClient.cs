using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Shop.Infrastructure.Webhooks;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>The calls an order test makes, through the real HTTP pipeline, as a storefront, a warehouse and a carrier would.</summary>
internal sealed class OrderTestClient(ShopAppFactory app)
{
    public static readonly object Address = new { name = "Ada Lovelace", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" };

    private readonly HttpClient _client = app.CreateClient();
    private readonly HttpClient _admin = app.CreateAdminClient();

    public HttpClient Client => _client;

    public HttpClient Admin => _admin;

    /// <summary>A product of the test's own with <paramref name="stock"/> units.</summary>
    public async Task<string> AddProductAsync(decimal price = 20m, int stock = 10)
    {
        var sku = "T-" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        (await _admin.PutAsJsonAsync($"/api/admin/products/{sku}", new { name = "Test mug " + sku, description = "A mug", category = "Kitchen", price, currency = "USD", weightGrams = 300, imageUrls = new[] { "https://img.example.com/m.png" } })).EnsureSuccessStatusCode();
        if (stock > 0)
        {
            (await _admin.PostAsJsonAsync($"/api/admin/stock/{sku}/receipts", new { quantity = stock, note = "test" })).EnsureSuccessStatusCode();
        }

        return sku;
    }

    public async Task<string> CartWithAsync(string sku, int quantity)
    {
        var cart = await (await _client.PostAsync("/api/carts", null)).Content.ReadFromJsonAsync<JsonElement>();
        var id = cart.GetProperty("id").GetString()!;
        (await _client.PostAsJsonAsync($"/api/carts/{id}/items", new { sku, quantity })).EnsureSuccessStatusCode();
        return id;
    }

    public Task<HttpResponseMessage> CheckoutAsync(string cartId, string paymentMethod = "pm_card_visa", string? idempotencyKey = null, object? address = null, decimal? expectedTotal = null, string? email = null)
    {
        // A shopper of its own, so the orders-per-email fraud rule never links two tests.
        email ??= $"shopper-{cartId[..Math.Min(12, cartId.Length)]}@example.com";
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cartId}/checkout")
        {
            Content = JsonContent.Create(expectedTotal is { } total
                ? new { email, shippingAddress = address ?? Address, paymentMethod, expectedTotal = total }
                : (object)new { email, shippingAddress = address ?? Address, paymentMethod }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return _client.SendAsync(request);
    }

    /// <summary>Checks out and returns the order id (202 expected).</summary>
    public async Task<string> PlaceAsync(string sku, int quantity = 1, string paymentMethod = "pm_card_visa", object? address = null, string? email = null)
    {
        var cart = await CartWithAsync(sku, quantity);
        var response = await CheckoutAsync(cart, paymentMethod, Guid.NewGuid().ToString(), address, email: email);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/orders/{body.GetProperty("orderId").GetString()}", response.Headers.Location?.OriginalString);
        return body.GetProperty("orderId").GetString()!;
    }

    public async Task<JsonElement> OrderAsync(string orderId) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/orders/{orderId}");

    /// <summary>Waits until the order's status is <paramref name="status"/>, and returns the order.</summary>
    public Task<JsonElement> WaitForStatusAsync(string orderId, string status, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => OrderAsync(orderId), o => o.GetProperty("status").GetString() == status, $"order {orderId} to be {status}", timeout ?? TimeSpan.FromSeconds(45));

    /// <summary>Waits until the order's workflow waits for <paramref name="step"/> (its custom status).</summary>
    public Task WaitForStepAsync(string orderId, string step) =>
        Eventually.TrueAsync(
            async () => (await AdminOrderAsync(orderId)).TryGetProperty("workflow", out var workflow) // absent until the engine lists the instance
                && workflow.TryGetProperty("customStatus", out var status)
                && status.GetString()?.Contains($"\"step\":\"{step}\"", StringComparison.Ordinal) == true,
            $"order {orderId} at step {step}",
            TimeSpan.FromSeconds(45));

    /// <summary>The step the order's workflow is at (its custom status), or null before it has one.</summary>
    public async Task<string?> StepAsync(string orderId) =>
        (await AdminOrderAsync(orderId)).TryGetProperty("workflow", out var workflow) && workflow.TryGetProperty("customStatus", out var status) && status.GetString() is { } json
            ? JsonDocument.Parse(json).RootElement.GetProperty("step").GetString()
            : null;

    /// <summary>Waits until the workflow's history holds an event of <paramref name="eventType"/> (e.g. <c>eventRaised</c>).</summary>
    public Task WaitForHistoryAsync(string orderId, string eventType) =>
        Eventually.TrueAsync(
            async () => (await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/instances/{orderId}?history=true"))
                .GetProperty("history").EnumerateArray().Any(e => e.GetProperty("eventType").GetString() == eventType),
            $"order {orderId}'s workflow to record {eventType}",
            TimeSpan.FromSeconds(45));

    public async Task<JsonElement> AdminOrderAsync(string orderId) =>
        await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/orders/{orderId}");

    public async Task<JsonElement> StockAsync(string sku) =>
        await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/stock/{sku}");

    public Task<HttpResponseMessage> ShipAsync(string orderId) =>
        _admin.PostAsJsonAsync($"/api/admin/orders/{orderId}/shipments", new { carrier = "UPS", trackingNumber = "1Z" + orderId[^8..] });

    /// <summary>The warehouse takes the order's pick list.</summary>
    public Task<HttpResponseMessage> PickAsync(string orderId) =>
        _admin.PostAsync(new Uri($"/api/admin/orders/{orderId}/picking", UriKind.Relative), null);

    /// <summary>The customer cancels the order.</summary>
    public Task<HttpResponseMessage> CancelAsync(string orderId) =>
        _client.PostAsJsonAsync($"/api/orders/{orderId}/cancel", new { reason = "changed my mind" });

    public Task<HttpResponseMessage> CarrierAsync(string orderId, string status, string? eventId = null, string? signatureSecret = OrderAppFactory.CarrierSecret, DateTimeOffset? signedAt = null)
    {
        var body = JsonSerializer.Serialize(new { eventId = eventId ?? Guid.NewGuid().ToString(), orderId, status, occurredAt = DateTimeOffset.UtcNow });
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/carrier") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new("application/json");
        if (signatureSecret is not null)
        {
            request.Headers.Add("X-Carrier-Signature", WebhookSignature.Sign(bytes, signatureSecret, signedAt ?? DateTimeOffset.UtcNow));
        }

        return _client.SendAsync(request);
    }

    /// <summary>The templates of the emails sent for the order, oldest first.</summary>
    public async Task<List<string>> EmailsAsync(string orderId)
    {
        var items = await _client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?orderId={orderId}");
        var list = items.ValueKind == JsonValueKind.Array ? items : items.GetProperty("items");
        return list.EnumerateArray().OrderBy(e => e.GetProperty("sentAt").GetDateTimeOffset()).Select(e => e.GetProperty("template").GetString()!).ToList();
    }

    /// <summary>The simulated gateway's ledger entries for the order (kind, outcome).</summary>
    public async Task<List<(string Kind, string Outcome, string PaymentId)>> LedgerAsync(string orderId)
    {
        var view = await _client.GetFromJsonAsync<JsonElement>($"/api/dev/payments?orderId={orderId}");
        return view.GetProperty("ledger").EnumerateArray()
            .Select(e => (e.GetProperty("kind").GetString()!, e.GetProperty("outcome").GetString()!, e.GetProperty("paymentId").GetString()!))
            .ToList();
    }
}

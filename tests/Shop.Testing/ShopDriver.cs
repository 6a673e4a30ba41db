using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Xunit;

namespace Shop.Testing;

/// <summary>
/// Drives a running app through its public HTTP API as a shopper, the warehouse and a developer would (for the
/// concurrency, crash and conformance tests): products and stock, carts, checkout, orders, cancellations, shipments,
/// carrier updates, and the Development views of the simulated gateway's ledger and the email outbox. Works against
/// the in-process app and a child process alike.
/// </summary>
public sealed class ShopDriver(HttpClient http, string adminKey)
{
    private const string CheckoutBodyTemplate = """
        {"email":"{email}","shippingAddress":{"name":"Shopper","line1":"1 Main St","city":"Springfield","region":"IL","postalCode":"62701","country":"US"},"paymentMethod":"{pm}"}
        """;

    /// <summary>Creates (or updates) a product and receives <paramref name="units"/> units of it.</summary>
    public async Task AddProductAsync(string sku, decimal price, int units)
    {
        await ExpectAsync(
            await SendAsync(HttpMethod.Put, $"/api/admin/products/{sku}", new { name = "Test " + sku, category = "Tests", price, weightGrams = 100 }, admin: true),
            HttpStatusCode.OK,
            HttpStatusCode.Created);
        await ExpectAsync(
            await SendAsync(HttpMethod.Post, $"/api/admin/stock/{sku}/receipts", new { quantity = units, note = "test stock" }, admin: true),
            HttpStatusCode.OK,
            HttpStatusCode.Created);
    }

    /// <summary>A new cart holding <paramref name="quantity"/> units of <paramref name="sku"/>; returns its id.</summary>
    public async Task<string> CreateCartAsync(string sku, int quantity)
    {
        var cart = await ExpectAsync(await SendAsync(HttpMethod.Post, "/api/carts", new { }), HttpStatusCode.Created);
        var cartId = cart.GetProperty("id").GetString()!;
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/carts/{cartId}/items", new { sku, quantity }), HttpStatusCode.OK);
        return cartId;
    }

    /// <summary>Checks the cart out (202 expected) with a fresh idempotency key; returns the order id.</summary>
    public async Task<string> CheckoutAsync(string cartId, string email, string paymentMethod)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cartId}/checkout")
        {
            Content = new StringContent(
                CheckoutBodyTemplate.Replace("{email}", email, StringComparison.Ordinal).Replace("{pm}", paymentMethod, StringComparison.Ordinal),
                System.Text.Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "checkout-" + cartId);
        var accepted = await ExpectAsync(await http.SendAsync(request), HttpStatusCode.Accepted);
        Assert.Equal("placed", accepted.GetProperty("status").GetString());
        return accepted.GetProperty("orderId").GetString()!;
    }

    /// <summary>The order as its customer sees it.</summary>
    public async Task<JsonElement> GetOrderAsync(string orderId) =>
        await ExpectAsync(await http.GetAsync(new Uri($"/api/orders/{orderId}", UriKind.Relative)), HttpStatusCode.OK);

    /// <summary>The order's status as the API spells it (placed, confirmed, rejected, shipped, ...).</summary>
    public async Task<string> GetOrderStatusAsync(string orderId) =>
        (await GetOrderAsync(orderId)).GetProperty("status").GetString()!;

    /// <summary>Waits until the order's status is <paramref name="status"/> (as the API spells it), and returns the order.</summary>
    public Task<JsonElement> WaitForStatusAsync(string orderId, string status, TimeSpan timeout) =>
        Eventually.ValueAsync(() => GetOrderAsync(orderId), o => o.GetProperty("status").GetString() == status, $"order {orderId} to be {status}", timeout);

    /// <summary>The customer cancels the order: 200 once the workflow cancelled it, 202 while it has not decided yet.</summary>
    public async Task CancelAsync(string orderId, string reason) =>
        await ExpectAsync(await SendAsync(HttpMethod.Post, $"/api/orders/{orderId}/cancel", new { reason }), HttpStatusCode.OK, HttpStatusCode.Accepted);

    /// <summary>
    /// The carrier reports <paramref name="status"/> (in_transit, out_for_delivery, delivered) through its webhook, the body
    /// signed by <paramref name="sign"/> (the value of <c>X-Carrier-Signature</c>); 200 expected.
    /// </summary>
    public async Task ReportCarrierStatusAsync(string orderId, string status, Func<byte[], string> sign)
    {
        ArgumentNullException.ThrowIfNull(sign);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { eventId = Guid.NewGuid().ToString(), orderId, status, occurredAt = DateTimeOffset.UtcNow }));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/carrier") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Carrier-Signature", sign(body));
        await ExpectAsync(await http.SendAsync(request), HttpStatusCode.OK);
    }

    /// <summary>Records the shipment of a confirmed order: 200 once the workflow shipped it, 202 while it has not decided yet.</summary>
    public async Task ShipAsync(string orderId, string trackingNumber) =>
        await ExpectAsync(
            await SendAsync(HttpMethod.Post, $"/api/admin/orders/{orderId}/shipments", new { carrier = "UPS", trackingNumber }, admin: true),
            HttpStatusCode.OK,
            HttpStatusCode.Accepted);

    /// <summary>The SKU's stock figures (the admin view).</summary>
    public async Task<StockFigures> GetStockAsync(string sku)
    {
        var stock = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/admin/stock/{sku}", null, admin: true), HttpStatusCode.OK);
        return new StockFigures(
            stock.GetProperty("onHand").GetInt32(),
            stock.GetProperty("held").GetInt32(),
            stock.GetProperty("available").GetInt32(),
            stock.GetProperty("received").GetInt64(),
            stock.GetProperty("sold").GetInt64());
    }

    /// <summary>The simulated gateway's ledger entries of the order as "kind:outcome" (e.g. <c>authorization:authorized</c>).</summary>
    public async Task<IReadOnlyList<string>> GetLedgerAsync(string orderId)
    {
        var view = await ExpectAsync(await http.GetAsync(new Uri($"/api/dev/payments?orderId={orderId}", UriKind.Relative)), HttpStatusCode.OK);
        return view.GetProperty("ledger").EnumerateArray()
            .Select(e => $"{e.GetProperty("kind").GetString()}:{e.GetProperty("outcome").GetString()}".ToLowerInvariant())
            .ToList();
    }

    /// <summary>The templates of the emails in the outbox about the order (one per message stored), oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetEmailTemplatesAsync(string orderId)
    {
        var messages = await ExpectAsync(await http.GetAsync(new Uri($"/api/dev/outbox?orderId={orderId}&top=500", UriKind.Relative)), HttpStatusCode.OK);
        return messages.EnumerateArray()
            .OrderBy(m => m.GetProperty("sentAt").GetDateTimeOffset())
            .Select(m => m.GetProperty("template").GetString()!.ToLowerInvariant())
            .ToList();
    }

    /// <summary>The runtime status of the order's workflow as the admin order view reports it (Running, Completed, ...), or null before it is listed.</summary>
    public async Task<string?> GetWorkflowStatusAsync(string orderId)
    {
        var order = await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/admin/orders/{orderId}", null, admin: true), HttpStatusCode.OK);
        return order.TryGetProperty("workflow", out var workflow) && workflow.ValueKind == JsonValueKind.Object ? workflow.GetProperty("runtimeStatus").GetString() : null;
    }

    /// <summary>The order's workflow instance as the admin instances API shows it (name, runtimeStatus, createdAt, ...).</summary>
    public async Task<JsonElement> GetWorkflowInstanceAsync(string orderId) =>
        await ExpectAsync(await SendAsync(HttpMethod.Get, $"/api/admin/instances/{orderId}", null, admin: true), HttpStatusCode.OK);

    /// <summary>For diagnostics: the order's workflow instance as the engine's admin API shows it, with its history.</summary>
    public async Task<string> DescribeWorkflowAsync(string orderId)
    {
        using var response = await SendAsync(HttpMethod.Get, $"/api/admin/instances/{orderId}?history=true", null, admin: true);
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, object? body, bool admin = false)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (admin)
        {
            request.Headers.Add("X-Admin-Key", adminKey);
        }

        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, params HttpStatusCode[] expected)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(
                expected.Contains(response.StatusCode),
                string.Create(CultureInfo.InvariantCulture, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {string.Join(" or ", expected.Select(e => (int)e))}, got {(int)response.StatusCode}: {body}"));
            return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
        }
    }
}

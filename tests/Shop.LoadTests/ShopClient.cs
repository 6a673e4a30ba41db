using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Shop.LoadTests;

/// <summary>The app's HTTP API as a shopper, the warehouse and the carrier call it; every call is timed by kind.</summary>
internal sealed class ShopClient(HttpClient http, Recorder recorder, string adminKey, string carrierSecret)
{
    public const string ShippingAddressJson = """{"name":"Load Shopper","line1":"1 Main St","city":"Springfield","region":"IL","postalCode":"62701","country":"US"}""";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ProductPage> ListProductsAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        SendAsync<ProductPage>("browse: list products", HttpMethod.Get, $"products?pageSize={pageSize.ToString(CultureInfo.InvariantCulture)}" + (continuationToken is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(continuationToken)}"), null, null, cancellationToken);

    public Task<ProductItem> GetProductAsync(string sku, CancellationToken cancellationToken) =>
        SendAsync<ProductItem>("browse: product", HttpMethod.Get, $"products/{Uri.EscapeDataString(sku)}", null, null, cancellationToken);

    public async Task<string> CreateCartAsync(CancellationToken cancellationToken) =>
        (await SendAsync<CartCreated>("cart: create", HttpMethod.Post, "carts", "{}", null, cancellationToken)).Id;

    public Task AddItemAsync(string cartId, string sku, int quantity, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>("cart: add item", HttpMethod.Post, $"carts/{cartId}/items", JsonSerializer.Serialize(new { sku, quantity }), null, cancellationToken);

    public Task<string> CheckoutAsync(string cartId, string idempotencyKey, string email, CancellationToken cancellationToken) =>
        CheckoutAsync(cartId, idempotencyKey, email, "pm_card_visa", cancellationToken);

    public async Task<string> CheckoutAsync(string cartId, string idempotencyKey, string email, string paymentMethod, CancellationToken cancellationToken)
    {
        var body = $$"""{"email":{{JsonSerializer.Serialize(email)}},"shippingAddress":{{ShippingAddressJson}},"paymentMethod":{{JsonSerializer.Serialize(paymentMethod)}}}""";
        var accepted = await SendAsync<CheckoutAccepted>("checkout", HttpMethod.Post, $"carts/{cartId}/checkout", body, r => r.Headers.Add("Idempotency-Key", idempotencyKey), cancellationToken);
        return accepted.Status == "placed" ? accepted.OrderId : throw new LoadException("checkout", $"Checkout answered status '{accepted.Status}', not 'placed'.");
    }

    public Task<OrderStatusView> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<OrderStatusView>("order status poll", HttpMethod.Get, $"orders/{orderId}", null, null, cancellationToken);

    /// <summary>
    /// A waiting status request: the order's next change after <paramref name="etag"/> (If-None-Match + Prefer: wait),
    /// or null when none came within the wait (304). Without an ETag, the order as it is.
    /// </summary>
    public async Task<(OrderStatusView? View, string? ETag)> WaitForChangeAsync(string orderId, string? etag, int waitSeconds, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"orders/{orderId}", UriKind.Relative));
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", etag);
            request.Headers.TryAddWithoutValidation("Prefer", "wait=" + waitSeconds.ToString(CultureInfo.InvariantCulture));
        }

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw LoadException.NoAnswer("order status wait", $"GET orders/{orderId}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LoadException.NoAnswer("order status wait", $"GET orders/{orderId}: no answer within {http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            recorder.Request(etag is null ? "order status poll" : "order status wait", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            var tag = response.Headers.ETag?.ToString();
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                return (null, tag ?? etag);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new LoadException("order status wait", $"GET orders/{orderId} → {(int)response.StatusCode}: {Truncate(body)}", response.StatusCode);
            }

            return (JsonSerializer.Deserialize<OrderStatusView>(body, Json), tag);
        }
    }

    public Task ShipAsync(string orderId, string trackingNumber, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>("ship (admin)", HttpMethod.Post, $"admin/orders/{orderId}/shipments", JsonSerializer.Serialize(new { carrier = "UPS", trackingNumber }), Admin, cancellationToken);

    public Task CarrierEventAsync(string eventId, string orderId, string status, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new { eventId, orderId, status, occurredAt = DateTimeOffset.UtcNow });
        // The carrier's signature: t=<unix seconds>,sha256=<HMAC-SHA256 of "<t>." + body> (README, walk-through).
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = $"t={timestamp},sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(carrierSecret), Encoding.UTF8.GetBytes(timestamp + "." + body)));
        return SendAsync<JsonElement>("carrier webhook", HttpMethod.Post, "webhooks/carrier", body, r => r.Headers.Add("X-Carrier-Signature", signature), cancellationToken);
    }

    public Task CancelAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>("cancel", HttpMethod.Post, $"orders/{orderId}/cancel", """{"reason":"load test"}""", null, cancellationToken);

    /// <summary>Completes the customer's 3-D Secure step of a simulated payment (Development).</summary>
    public Task CompletePaymentActionAsync(string paymentId, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>("dev: complete payment action", HttpMethod.Post, $"dev/payments/{Uri.EscapeDataString(paymentId)}/complete-action?outcome=succeeded", null, null, cancellationToken);

    /// <summary>The simulated gateway's payments and ledger entries for an order (Development).</summary>
    public Task<PaymentsView> GetPaymentsAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<PaymentsView>("dev: payments", HttpMethod.Get, $"dev/payments?orderId={Uri.EscapeDataString(orderId)}", null, null, cancellationToken);

    /// <summary>The email outbox's messages about an order (Development).</summary>
    public Task<List<OutboxItem>> GetOutboxAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<List<OutboxItem>>("dev: outbox", HttpMethod.Get, $"dev/outbox?orderId={Uri.EscapeDataString(orderId)}&top=500", null, null, cancellationToken);

    /// <summary>An order with its payment and its workflow's status (admin).</summary>
    public Task<AdminOrderView> GetAdminOrderAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<AdminOrderView>("admin: order", HttpMethod.Get, $"admin/orders/{orderId}", null, Admin, cancellationToken);

    /// <summary>One page of the orders placed in the last week, any status (admin).</summary>
    public Task<AdminOrderPage> ListOrdersAsync(string? continuationToken, CancellationToken cancellationToken) =>
        SendAsync<AdminOrderPage>("admin: orders", HttpMethod.Get, "admin/orders?pageSize=200" + (continuationToken is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(continuationToken)}"), null, Admin, cancellationToken);

    public Task<StockView> ReceiveStockAsync(string sku, int quantity, CancellationToken cancellationToken) =>
        SendAsync<StockView>("admin: receive stock", HttpMethod.Post, $"admin/stock/{Uri.EscapeDataString(sku)}/receipts", JsonSerializer.Serialize(new { quantity, note = "load test" }), Admin, cancellationToken);

    public Task<StockView> GetStockAsync(string sku, CancellationToken cancellationToken) =>
        SendAsync<StockView>("admin: stock", HttpMethod.Get, $"admin/stock/{Uri.EscapeDataString(sku)}", null, Admin, cancellationToken);

    public Task<InstanceView> GetHistoryAsync(string orderId, CancellationToken cancellationToken) =>
        SendAsync<InstanceView>("admin: instance history", HttpMethod.Get, $"admin/instances/{orderId}?history=true", null, Admin, cancellationToken);

    private void Admin(HttpRequestMessage request) => request.Headers.Add("X-Admin-Key", adminKey);

    private async Task<T> SendAsync<T>(string kind, HttpMethod method, string path, string? json, Action<HttpRequestMessage>? configure, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        configure?.Invoke(request);
        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw LoadException.NoAnswer(kind, $"{method} {path}: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw LoadException.NoAnswer(kind, $"{method} {path}: no answer within {http.Timeout.TotalSeconds:0} s");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            recorder.Request(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw new LoadException(kind, $"{method} {path} → {(int)response.StatusCode}: {Truncate(body)}", response.StatusCode);
            }

            if (body.Length == 0 && typeof(T) == typeof(JsonElement))
            {
                return default!;
            }

            try
            {
                return JsonSerializer.Deserialize<T>(body, Json) ?? throw new JsonException("null");
            }
            catch (JsonException ex)
            {
                throw new LoadException(kind, $"{method} {path}: unexpected body ({ex.Message}): {Truncate(body)}");
            }
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    /// <summary>An HTTP client for the app on loopback, with room for every shopper's connections.</summary>
    public static HttpClient CreateHttp(Uri baseAddress) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = 256,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        BaseAddress = baseAddress,
        Timeout = TimeSpan.FromSeconds(30),
    };
}

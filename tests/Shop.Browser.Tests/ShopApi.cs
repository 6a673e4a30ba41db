using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shop.Testing;

namespace Shop.Browser.Tests;

/// <summary>Direct API calls for a test's set-up and checks (what the pages do is tested through the pages).</summary>
public sealed class ShopApi(HttpClient http)
{
    /// <summary>Buys one unit of <paramref name="sku"/> with the Visa test card and waits until the order is confirmed.</summary>
    public async Task<string> PlaceConfirmedOrderAsync(string sku, string email)
    {
        using var created = await http.PostAsync(new Uri("api/carts", UriKind.Relative), null);
        created.EnsureSuccessStatusCode();
        var cartId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        using var added = await http.PostAsJsonAsync(new Uri($"api/carts/{cartId}/items", UriKind.Relative), new { sku, quantity = 1 });
        added.EnsureSuccessStatusCode();
        using var checkout = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/carts/{cartId}/checkout", UriKind.Relative))
        {
            Content = JsonContent.Create(new
            {
                email,
                shippingAddress = new { name = "Grace Hopper", line1 = "2 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
                paymentMethod = "pm_card_visa",
            }),
        };
        checkout.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var accepted = await http.SendAsync(checkout);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetString()!;
        await Eventually.TrueAsync(async () => await GetOrderStatusAsync(orderId) == "confirmed", $"order {orderId} to be confirmed");
        return orderId;
    }

    /// <summary>Terminates the order's workflow through the admin API (as an operator with the key would).</summary>
    public async Task TerminateWorkflowAsync(string orderId, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"api/admin/instances/{orderId}/terminate", UriKind.Relative))
        {
            Content = JsonContent.Create(new { reason = "browser test: a workflow that stopped" }),
        };
        request.Headers.Add("X-Admin-Key", adminKey);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>The runtime status of the order's workflow (<c>Running</c>, <c>Terminated</c>, ...), from the admin API.</summary>
    public async Task<string?> GetWorkflowStatusAsync(string orderId, string adminKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/admin/orders/{orderId}", UriKind.Relative));
        request.Headers.Add("X-Admin-Key", adminKey);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var order = await response.Content.ReadFromJsonAsync<JsonElement>();
        return order.GetProperty("workflow").GetProperty("runtimeStatus").GetString();
    }

    public async Task<string?> GetOrderStatusAsync(string orderId)
    {
        var order = await http.GetFromJsonAsync<JsonElement>(new Uri($"api/orders/{orderId}", UriKind.Relative));
        return order.GetProperty("status").GetString();
    }

    /// <summary>Waits (30 s at most) until the restock report lists <paramref name="sku"/> as a slow mover.</summary>
    public async Task WaitForSlowMoverAsync(string sku, string adminKey)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/reorder");
            request.Headers.Add("X-Admin-Key", adminKey);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var report = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (report.GetProperty("slowMovers").EnumerateArray().Any(l => l.GetProperty("sku").GetString() == sku))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{sku} was not listed as a slow mover within 30 s.");
            await Task.Delay(200);
        }
    }
}

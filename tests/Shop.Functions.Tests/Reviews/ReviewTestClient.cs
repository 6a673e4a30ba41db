using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Shop.Functions.Tests.Orders;
using Shop.Orchestrations.Reviews;
using Shop.Testing;

namespace Shop.Functions.Tests.Reviews;

/// <summary>The calls a review test makes: delivered orders, the review requests' emails and links, reviews written from them.</summary>
internal sealed partial class ReviewTestClient(ReviewAppFactory app)
{
    public OrderTestClient Shop { get; } = new(app);

    /// <summary>A delivered order of a new product (its review requests started), as (order id, SKU).</summary>
    public async Task<(string OrderId, string Sku)> DeliveredOrderAsync(string? email = null, string? sku = null)
    {
        sku ??= await Shop.AddProductAsync(price: 20m, stock: 10);
        var orderId = await Shop.PlaceAsync(sku, email: email);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        (await Shop.ShipAsync(orderId)).EnsureSuccessStatusCode();
        await Shop.WaitForStatusAsync(orderId, "shipped");
        (await Shop.CarrierAsync(orderId, "delivered")).EnsureSuccessStatusCode();
        await Shop.WaitForStatusAsync(orderId, "delivered");
        await Eventually.TrueAsync(async () => await InstanceAsync(orderId) is not null, $"the review requests of {orderId} to start");
        return (orderId, sku);
    }

    public async Task<OrchestrationMetadata?> InstanceAsync(string orderId) =>
        await app.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(ReviewRequests.InstanceId(orderId), getInputsAndOutputs: true);

    /// <summary>Waits until the order's review requests have ended, and returns how (the orchestration's output).</summary>
    public async Task<ReviewRequestEnd> EndAsync(string orderId)
    {
        var instance = await Eventually.ValueAsync(() => InstanceAsync(orderId), i => i is { RuntimeStatus: OrchestrationRuntimeStatus.Completed }, $"the review requests of {orderId} to end");
        return instance!.ReadOutputAs<ReviewRequestEnd>()!;
    }

    public async Task<JsonElement> RunNowAsync(string orderId)
    {
        var response = await Shop.Admin.PostAsync(new Uri($"/api/admin/jobs/review-requests/{orderId}", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The review-request emails of the order, oldest first: (outbox id, subject, plain text).</summary>
    public async Task<List<(string Id, string Subject, string Text)>> RequestEmailsAsync(string orderId)
    {
        var items = await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/dev/outbox?orderId={orderId}");
        var result = new List<(string, string, string)>();
        foreach (var item in items.EnumerateArray().Where(e => e.GetProperty("template").GetString() == "reviewRequest").OrderBy(e => e.GetProperty("sentAt").GetDateTimeOffset()))
        {
            var id = item.GetProperty("id").GetString()!;
            result.Add((id, item.GetProperty("subject").GetString()!, await Shop.Client.GetStringAsync($"/api/dev/outbox/{id}?format=text")));
        }

        return result;
    }

    /// <summary>Waits for the order's <paramref name="count"/>th review-request email and returns them all.</summary>
    public Task<List<(string Id, string Subject, string Text)>> WaitForRequestEmailsAsync(string orderId, int count) =>
        Eventually.ValueAsync(() => RequestEmailsAsync(orderId), e => e.Count >= count, $"{count} review-request emails for {orderId}");

    /// <summary>The token of the first review link in an email's text.</summary>
    public static string ReviewToken(string text) => Uri.UnescapeDataString(ReviewLink().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No review link in:\n" + text));

    /// <summary>The token of the unsubscribe link in an email's text.</summary>
    public static string UnsubscribeToken(string text) => Uri.UnescapeDataString(UnsubscribeLink().Match(text) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("No unsubscribe link in:\n" + text));

    public Task<HttpResponseMessage> WriteAsync(object body) => Shop.Client.PostAsJsonAsync("/api/reviews", body);

    public async Task<JsonElement> ReviewsAsync(string sku, string? query = null) =>
        await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/products/{sku}/reviews{query}");

    public async Task<JsonElement> ProductAsync(string sku) =>
        await Shop.Client.GetFromJsonAsync<JsonElement>($"/api/products/{sku}");

    [GeneratedRegex(@"#/review\?token=([A-Za-z0-9_%.\-]+)")]
    private static partial Regex ReviewLink();

    [GeneratedRegex(@"#/unsubscribe\?token=([A-Za-z0-9_%.\-]+)")]
    private static partial Regex UnsubscribeLink();
}

using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Shop.Testing;
using static Microsoft.Playwright.Assertions;

namespace Shop.Browser.Tests;

/// <summary>A customer follows the review link of a review-request email: the form posts the review, the product page shows it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ReviewTests(BrowserFixture fixture)
{
    /// <summary>The carrier webhook secret and review link host of local.settings.sample.json, which the app runs with.</summary>
    private const string CarrierSecret = "local-carrier-webhook-secret";

    [Fact]
    public async Task Customer_FollowsTheReviewLink_PostsAReview_AndSeesItOnTheProductPage()
    {
        var http = fixture.Http;
        var api = new ShopApi(http);
        var orderId = await api.PlaceConfirmedOrderAsync("KIT-MUG-01", $"reviewer-{Guid.NewGuid():N}@example.com");
        await AdminPostAsync(http, $"api/admin/orders/{orderId}/shipments", new { carrier = "UPS", trackingNumber = "1Z" + orderId[^8..] });
        await Eventually.TrueAsync(async () => await api.GetOrderStatusAsync(orderId) == "shipped", "the order to ship");
        await DeliverAsync(http, orderId);
        await Eventually.TrueAsync(async () => await api.GetOrderStatusAsync(orderId) == "delivered", "the order to be delivered");
        await Eventually.TrueAsync(async () => (await AdminPostAsync(http, $"api/admin/jobs/review-requests/{orderId}", null)).GetProperty("action").GetString() is "advanced" or "started", "the review request to be sent");
        var link = await Eventually.ValueAsync(() => ReviewLinkAsync(http, orderId), l => l is not null, "the review-request email");

        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;
        await page.GotoAsync(link!);
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^Review: Stoneware Coffee Mug") })).ToBeVisibleAsync();
        await page.GetByLabel("Rating").SelectOptionAsync("4");
        await page.GetByLabel("Title").FillAsync("Keeps coffee hot");
        await page.GetByLabel("Your review").FillAsync("Heavy, well glazed, dishwasher safe.");
        await watched.ScreenshotAsync("storefront-review-form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post review" }).ClickAsync();
        await Expect(page.GetByText("Thank you! Your review is posted.")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "See it on the product page" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Stoneware Coffee Mug", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Keeps coffee hot")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-test=rating]")).ToContainTextAsync("out of 5");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "More reviews" })).ToBeHiddenAsync();
        await watched.ScreenshotAsync("storefront-product-reviews");
    }

    [Fact]
    public async Task AForgedReviewLink_SaysTheLinkIsNotValid()
    {
        await using var watched = await fixture.NewPageAsync();
        var page = watched.Page;

        await page.GotoAsync(new Uri(fixture.Http.BaseAddress!, "#/review?token=forged.AAAA").ToString());

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Review link not valid" })).ToBeVisibleAsync();
    }

    private static async Task<JsonElement> AdminPostAsync(HttpClient http, string path, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("X-Admin-Key", ShopApp.AdminKey);
        using var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task DeliverAsync(HttpClient http, string orderId)
    {
        var body = JsonSerializer.Serialize(new { eventId = Guid.NewGuid().ToString(), orderId, status = "delivered", occurredAt = DateTimeOffset.UtcNow });
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(CarrierSecret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/webhooks/carrier", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Carrier-Signature", $"t={timestamp},sha256={signature}");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The review link of the order's review-request email (its text body), or null before it is sent.</summary>
    private static async Task<string?> ReviewLinkAsync(HttpClient http, string orderId)
    {
        var messages = await http.GetFromJsonAsync<JsonElement>(new Uri($"api/dev/outbox?orderId={orderId}", UriKind.Relative));
        var request = messages.EnumerateArray().FirstOrDefault(m => m.GetProperty("template").GetString() == "reviewRequest");
        if (request.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var text = await http.GetStringAsync(new Uri($"api/dev/outbox/{request.GetProperty("id").GetString()}?format=text", UriKind.Relative));
        var link = ReviewLink().Match(text);
        return link.Success ? new Uri(http.BaseAddress!, "/" + link.Groups[1].Value).ToString() : null;
    }

    [GeneratedRegex(@"https?://[^/\s]+/(#/review\?token=[A-Za-z0-9_.\-%]+)")]
    private static partial Regex ReviewLink();
}

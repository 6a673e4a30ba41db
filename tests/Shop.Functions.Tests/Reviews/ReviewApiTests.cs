using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Shop.Infrastructure.Reviews;

namespace Shop.Functions.Tests.Reviews;

/// <summary>
/// The reviews API through HTTP: writing from a review link (400 naming the field for bad input, 403 for a forged or
/// expired link), editing, the product's rating rollup (an edit replaces its rating, a repeated write counts once),
/// the newest-first paged list, and ops hiding a review.
/// </summary>
public sealed class ReviewApiTests(ReviewAppFactory app) : ReviewTests<ReviewAppFactory>(app)
{
    private ReviewTokens Tokens => App.Services.GetRequiredService<ReviewTokens>();

    [Theory]
    [InlineData(0, "Title", "Body", "rating")]
    [InlineData(6, "Title", "Body", "rating")]
    [InlineData(null, "Title", "Body", "rating")]
    [InlineData(3, "  ", "Body", "title")]
    [InlineData(3, "Title", "", "body")]
    public async Task BadInput_Is400_NamingTheField(int? rating, string title, string body, string field)
    {
        var (orderId, sku) = await Reviews.DeliveredOrderAsync();

        var response = await Reviews.WriteAsync(new { token = Tokens.Issue(orderId, sku), rating, title, body });

        await AssertFieldAsync(response, field);
    }

    [Fact]
    public async Task TooLongABody_AnotherLine_OrNoToken_Are400_NamingTheField()
    {
        var (orderId, sku) = await Reviews.DeliveredOrderAsync();
        var token = Tokens.Issue(orderId, sku);

        await AssertFieldAsync(await Reviews.WriteAsync(new { token, rating = 3, title = "T", body = new string('x', 4001) }), "body");
        await AssertFieldAsync(await Reviews.WriteAsync(new { token, rating = 3, title = "T", body = "B", sku = "OTHER-SKU" }), "sku");
        await AssertFieldAsync(await Reviews.WriteAsync(new { rating = 3, title = "T", body = "B" }), "token");
        await AssertFieldAsync(await Reviews.WriteAsync(new { token, rating = "five", title = "T", body = "B" }), null);
    }

    [Fact]
    public async Task AForgedOrExpiredLink_IsRefusedWith403_AndWritesNothing()
    {
        var (orderId, sku) = await Reviews.DeliveredOrderAsync();
        var genuine = Tokens.Issue(orderId, sku);
        var forged = genuine[..^4] + (genuine[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var otherOrder = Tokens.Issue("20260101-00000000000000000000000000000000", sku);
        var expired = Tokens.Issue(orderId, sku, DateTimeOffset.UtcNow.AddMinutes(-1));

        foreach (var token in new[] { forged, "not-a-token", otherOrder, expired })
        {
            var response = await Reviews.WriteAsync(new { token, rating = 5, title = "T", body = "B" });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await Reviews.Shop.Client.GetAsync($"/api/reviews/form?token={Uri.EscapeDataString(expired)}")).StatusCode);
        Assert.Equal(0, (await Reviews.ProductAsync(sku)).GetProperty("rating").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Edits_ReplaceTheRatingInTheRollup_AndARepeatedWriteCountsOnce()
    {
        var sku = await Reviews.Shop.AddProductAsync(price: 20m, stock: 10);
        var (first, _) = await Reviews.DeliveredOrderAsync(sku: sku);
        var (second, _) = await Reviews.DeliveredOrderAsync(sku: sku);
        var firstToken = Tokens.Issue(first, sku);

        var written = await Reviews.WriteAsync(new { token = firstToken, rating = 4, title = "Good", body = "Nice mug." });
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);
        var review = await written.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(review.GetProperty("verified").GetBoolean());
        Assert.Equal("Ada L.", review.GetProperty("author").GetString());
        Assert.False(review.TryGetProperty("orderId", out _));

        // The same write again (a retried request): counted once.
        (await Reviews.WriteAsync(new { token = firstToken, rating = 4, title = "Good", body = "Nice mug." })).EnsureSuccessStatusCode();
        await AssertRatingAsync(sku, 1, 4.0);

        // An edit replaces the rating: still one review.
        var edited = await (await Reviews.WriteAsync(new { token = firstToken, sku = sku.ToLowerInvariant(), rating = 2, title = "Chipped", body = "Chipped after a week." })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(review.GetProperty("id").GetString(), edited.GetProperty("id").GetString());
        await AssertRatingAsync(sku, 1, 2.0);

        (await Reviews.WriteAsync(new { token = Tokens.Issue(second, sku), rating = 5, title = "Great", body = "Love it." })).EnsureSuccessStatusCode();
        await AssertRatingAsync(sku, 2, 3.5);

        var form = await Reviews.Shop.Client.GetFromJsonAsync<JsonElement>($"/api/reviews/form?token={Uri.EscapeDataString(firstToken)}");
        Assert.Equal("Chipped", form.GetProperty("review").GetProperty("title").GetString());
        Assert.StartsWith("Test mug", form.GetProperty("productName").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheList_IsNewestFirst_PagedByContinuationToken_AndHidingAReviewTakesItOutOfListAndRating()
    {
        var sku = await Reviews.Shop.AddProductAsync(price: 20m, stock: 10);
        var titles = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            var (orderId, _) = await Reviews.DeliveredOrderAsync(sku: sku);
            (await Reviews.WriteAsync(new { token = Tokens.Issue(orderId, sku), rating = i, title = $"Review {i}", body = "Text." })).EnsureSuccessStatusCode();
            titles.Insert(0, $"Review {i}");
        }

        var page1 = await Reviews.ReviewsAsync(sku, "?pageSize=2");
        var page2 = await Reviews.ReviewsAsync(sku, $"?pageSize=2&continuationToken={page1.GetProperty("continuationToken").GetString()}");
        Assert.Equal(titles, page1.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(r => r.GetProperty("title").GetString()));
        Assert.False(page2.TryGetProperty("continuationToken", out _));
        Assert.Equal(3, page1.GetProperty("rating").GetProperty("count").GetInt32());

        var newest = page1.GetProperty("items")[0].GetProperty("id").GetString();
        var hidden = await Reviews.Shop.Admin.PostAsync(new Uri($"/api/admin/reviews/{sku}/{newest}/hide", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, hidden.StatusCode);
        Assert.True((await hidden.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hidden").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Reviews.Shop.Admin.PostAsync(new Uri($"/api/admin/reviews/{sku}/{newest}/hide", UriKind.Relative), null)).StatusCode);

        var after = await Reviews.ReviewsAsync(sku);
        Assert.Equal(titles.Skip(1), after.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("title").GetString()));
        await AssertRatingAsync(sku, 2, 1.5);
        Assert.Equal(HttpStatusCode.NotFound, (await Reviews.Shop.Admin.PostAsync(new Uri($"/api/admin/reviews/{sku}/0000000000000000000-0123456789abcdef/hide", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Reviews.Shop.Client.GetAsync($"/api/products/{sku}/reviews?continuationToken=garbage")).StatusCode);
    }

    private async Task AssertRatingAsync(string sku, int count, double average)
    {
        var rating = (await Reviews.ProductAsync(sku)).GetProperty("rating");
        Assert.Equal(count, rating.GetProperty("count").GetInt32());
        Assert.Equal(average, rating.GetProperty("average").GetDouble());
    }

    private static async Task AssertFieldAsync(HttpResponseMessage response, string? field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        }
    }
}

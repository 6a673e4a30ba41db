using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Shop.Domain.Catalog;
using Shop.Functions.Catalog;
using Shop.Infrastructure.Reviews;
using Shop.Orchestrations.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>
/// Product reviews: written from the signed link of a review request (<c>POST /api/reviews</c>, editable while the link
/// lasts), and read per product, newest first (<c>GET /api/products/{sku}/reviews</c>).
/// </summary>
public sealed class ReviewFunctions(ReviewService reviews, ReviewStore store, IProductStore products)
{
    public const string Tag = "Reviews";
    public const int DefaultPageSize = 10;
    public const int MaxPageSize = 50;

    [Function("WriteReview")]
    [EndpointSummary("Writes the review of an order line from its review link's token (1–5 stars, a title, a text); writing again while the link lasts edits it.")]
    [EndpointDescription("A forged, altered or expired token gets 403. The first review of an order stops its review-request emails.")]
    [Tags(Tag)]
    [JsonBody(typeof(WriteReviewRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Ok<ReviewDto>> WriteReviewAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "reviews")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadAsync<WriteReviewRequest>(request, cancellationToken);
        if (string.IsNullOrWhiteSpace(body.Token))
        {
            throw ProblemException.Validation("token", "The review link's token is required.");
        }

        var review = await reviews.WriteAsync(body.Token, body.Sku, body.Rating, body.Title, body.Body, cancellationToken);
        return TypedResults.Ok(ReviewDto.From(review));
    }

    [Function("GetReviewForm")]
    [EndpointSummary("Opens a review link: the product it reviews, until when the link works, and the review written with it so far.")]
    [Tags(Tag)]
    [QueryParameter("token", "The review link's token.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status403Forbidden)]
    public async Task<Ok<ReviewFormDto>> GetReviewFormAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews/form")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var token = QueryValues.Text(request, "token");
        if (string.IsNullOrWhiteSpace(token))
        {
            throw ProblemException.Validation("token", "The review link's token is required.");
        }

        var link = await reviews.OpenAsync(token, cancellationToken);
        return TypedResults.Ok(new ReviewFormDto(link.Line.Sku, link.Line.Name, link.Claims.ExpiresAt, link.Review is { } r ? ReviewDto.From(r) : null));
    }

    [Function("ListProductReviews")]
    [EndpointSummary("Lists a product's reviews, newest first, with its rating (count and average).")]
    [EndpointDescription("`pageSize` 1–50 (default 10); pass the returned `continuationToken` to get the next page.")]
    [Tags(Tag)]
    [QueryParameter("pageSize", "Reviews per page, 1 to 50 (default 10).", Type = typeof(int))]
    [QueryParameter("continuationToken", "The previous page's continuationToken.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ReviewPageDto>> ListProductReviewsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{sku}/reviews")] HttpRequest request,
        string sku,
        CancellationToken cancellationToken)
    {
        var pageSize = QueryValues.Text(request, "pageSize");
        var continuationToken = QueryValues.Text(request, "continuationToken");
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            throw ProblemException.Validation("pageSize", $"The page size must be a whole number from 1 to {MaxPageSize}.");
        }

        string? after = null;
        if (continuationToken is { Length: > 0 } && !ReviewContinuationTokens.TryDecode(continuationToken, out after))
        {
            throw ProblemException.Validation("continuationToken", "The continuation token is not one this API returned.");
        }

        var product = (await products.GetShownAsync([sku], cancellationToken)).Values.FirstOrDefault();
        if (product is not { Active: true })
        {
            throw ProductNotFoundException.For(sku);
        }

        var summary = store.GetSummaryAsync(product.Sku, cancellationToken);
        var page = await store.ListAsync(product.Sku, size, after, cancellationToken);
        return TypedResults.Ok(new ReviewPageDto(
            RatingDto.From(await summary),
            page.Items.Select(ReviewDto.From).ToList(),
            page.After is { } last ? ReviewContinuationTokens.Encode(last) : null));
    }
}

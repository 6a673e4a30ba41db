using Shop.Domain.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>A review as ops see it: with its order and whether it is hidden.</summary>
public sealed record AdminReviewDto(string Id, string Sku, string OrderId, int Rating, string Title, string Body, string Author, bool Verified, bool Hidden, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static AdminReviewDto From(Review review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new(review.Id, review.Sku, review.OrderId, review.Content.Rating, review.Content.Title, review.Content.Body, review.AuthorName, review.Verified, review.Hidden, review.CreatedAt, review.UpdatedAt);
    }
}

using Shop.Domain.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>A review as shoppers see it: no order and no address, the reviewer's first name and initial, verified when written from a delivered order.</summary>
public sealed record ReviewDto(
    string Id,
    string Sku,
    int Rating,
    string Title,
    string Body,
    string Author,
    bool Verified,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static ReviewDto From(Review review)
    {
        ArgumentNullException.ThrowIfNull(review);
        return new(review.Id, review.Sku, review.Content.Rating, review.Content.Title, review.Content.Body, review.AuthorName, review.Verified, review.CreatedAt, review.UpdatedAt);
    }
}

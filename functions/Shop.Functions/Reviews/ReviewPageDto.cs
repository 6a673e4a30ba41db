namespace Shop.Functions.Reviews;

/// <summary>A page of a product's reviews, newest first, with the product's rating; pass <see cref="ContinuationToken"/> back for the next page (absent on the last).</summary>
public sealed record ReviewPageDto(RatingDto Rating, IReadOnlyList<ReviewDto> Items, string? ContinuationToken);

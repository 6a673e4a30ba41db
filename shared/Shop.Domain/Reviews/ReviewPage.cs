namespace Shop.Domain.Reviews;

/// <summary>A page of a product's visible reviews, newest first; <see cref="After"/> opens the next page (null on the last).</summary>
public sealed record ReviewPage(IReadOnlyList<Review> Items, string? After);

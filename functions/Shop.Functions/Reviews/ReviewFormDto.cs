namespace Shop.Functions.Reviews;

/// <summary>What a review link opens: the product to review, until when the link works, and the review written with it so far (absent: none yet).</summary>
public sealed record ReviewFormDto(string Sku, string ProductName, DateTimeOffset ExpiresAt, ReviewDto? Review);

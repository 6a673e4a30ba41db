namespace Shop.Functions.Reviews;

/// <summary>A review written from a review link: the link's token, 1–5 stars, a title and a text; <c>sku</c>, when sent, must be the link's order line.</summary>
public sealed record WriteReviewRequest(string? Token, int? Rating, string? Title, string? Body, string? Sku);

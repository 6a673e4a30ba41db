namespace Shop.Domain.Reviews;

/// <summary>What a review link vouches for: the order, the line (SKU) it may review, and until when.</summary>
public sealed record ReviewTokenClaims(string OrderId, string Sku, DateTimeOffset ExpiresAt);

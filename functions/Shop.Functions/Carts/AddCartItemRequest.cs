namespace Shop.Functions.Carts;

/// <summary>Adds <c>quantity</c> (1–99) units of <c>sku</c> to the cart. Prices are never taken from the client.</summary>
public sealed record AddCartItemRequest(string? Sku, int? Quantity);

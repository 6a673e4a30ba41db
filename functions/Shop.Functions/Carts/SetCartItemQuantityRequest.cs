namespace Shop.Functions.Carts;

/// <summary>The new quantity (1–99) of a cart line.</summary>
public sealed record SetCartItemQuantityRequest(int? Quantity);

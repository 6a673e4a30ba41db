namespace Shop.Domain.Carts;

/// <summary>A SKU and how many of it (1–99). Prices are not kept: they come from the catalog whenever the cart is read.</summary>
public sealed record CartLine(string Sku, int Quantity);

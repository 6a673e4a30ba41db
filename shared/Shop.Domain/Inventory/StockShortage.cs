namespace Shop.Domain.Inventory;

/// <summary>A SKU of a refused hold: how many were asked for and how many were available.</summary>
public sealed record StockShortage(string Sku, int Requested, int Available);

namespace Shop.Domain.Inventory;

/// <summary>Units of one SKU to hold for an order.</summary>
public sealed record StockHoldLine(string Sku, int Quantity);

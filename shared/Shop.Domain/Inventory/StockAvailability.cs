namespace Shop.Domain.Inventory;

/// <summary>What a customer is told about a SKU's stock.</summary>
public enum StockAvailability
{
    InStock,
    Low,
    Out,
}

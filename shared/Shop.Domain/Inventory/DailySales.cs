namespace Shop.Domain.Inventory;

/// <summary>The units of one SKU sold on one UTC day.</summary>
public sealed record DailySales(DateOnly Day, long Units);

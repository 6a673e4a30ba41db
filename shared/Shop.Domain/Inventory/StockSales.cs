namespace Shop.Domain.Inventory;

/// <summary>
/// When a SKU last sold, and how many units it had sold in all before that sale's day (UTC): the units sold that day are
/// <see cref="StockItem.Sold"/> − <see cref="SoldBeforeDay"/>.
/// </summary>
public sealed record StockSales(DateTimeOffset LastSoldAt, DateOnly Day, long SoldBeforeDay);

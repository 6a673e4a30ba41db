namespace Shop.Domain.Inventory;

/// <summary>An order's hold on stock: its lines, when it expires, and its state.</summary>
public sealed record StockHold(string OrderId, IReadOnlyList<StockHoldLine> Lines, DateTimeOffset ExpiresAt, StockHoldState State);

namespace Shop.Domain.Restock;

/// <summary>
/// How far ahead stock must reach: the days of sales to cover on top of the supplier's lead time, the safety stock
/// in days of sales, the sales window the velocity is taken over, and the days without a sale that make a slow mover.
/// </summary>
public sealed record ReorderPolicy(int WindowDays, int CoverDays, int SafetyStockDays, int SlowMoverDays);

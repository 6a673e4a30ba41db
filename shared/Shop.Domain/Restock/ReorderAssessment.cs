using Shop.Domain.Inventory;

namespace Shop.Domain.Restock;

/// <summary>
/// One SKU's restock figures on a day. <see cref="Velocity"/> is the average units sold per day over the window;
/// the reorder point covers the lead time and the cover days at that pace (never below the point ops set by hand);
/// the suggested order brings stock up to lead time + cover days + safety stock.
/// </summary>
public sealed record ReorderAssessment(
    string Sku,
    int OnHand,
    int Available,
    decimal Velocity,
    int LeadTimeDays,
    int ReorderPoint,
    decimal? DaysOfCover,
    int SuggestedOrderQuantity,
    DateTimeOffset? LastSoldAt,
    bool AtOrBelowPoint,
    bool SlowMover)
{
    /// <summary>Assesses <paramref name="item"/> from its sales per day within the window that ends on <paramref name="today"/>.</summary>
    public static ReorderAssessment For(StockItem item, IEnumerable<DailySales> sales, DateOnly today, ReorderPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(sales);
        ArgumentNullException.ThrowIfNull(policy);
        var from = today.AddDays(1 - policy.WindowDays);
        var units = sales.Where(d => d.Day >= from && d.Day <= today).Sum(d => d.Units);
        var velocity = Math.Round((decimal)units / policy.WindowDays, 3);
        var point = Math.Max(item.ReorderPoint, (int)Math.Ceiling(velocity * (item.LeadTimeDays + policy.CoverDays)));
        var target = (int)Math.Ceiling(velocity * (item.LeadTimeDays + policy.CoverDays + policy.SafetyStockDays));
        var available = Math.Max(item.Available, 0);
        var lastSold = item.Sales?.LastSoldAt;
        var slow = item.OnHand > 0
            && (lastSold is null || DateOnly.FromDateTime(lastSold.Value.UtcDateTime) <= today.AddDays(-policy.SlowMoverDays));
        return new ReorderAssessment(
            item.Sku,
            item.OnHand,
            available,
            velocity,
            item.LeadTimeDays,
            point,
            velocity > 0 ? Math.Round(available / velocity, 1) : null,
            Math.Max(Math.Max(target, point + 1) - available, 0),
            lastSold,
            point > 0 && available <= point,
            slow);
    }
}

using Shop.Domain.Inventory;
using Shop.Functions.Catalog;

namespace Shop.Functions.Admin;

/// <summary>
/// A SKU's stock: on hand = available + held; received and sold over its lifetime; reorder settings; on a read, units
/// sold per day over the velocity window and the days the available stock lasts at that pace (null: no sales).
/// </summary>
public sealed record StockDto(
    string Sku,
    int OnHand,
    int Held,
    int Available,
    long Received,
    long Sold,
    int ReorderPoint,
    int LeadTimeDays,
    bool NeedsReorder,
    ProductAvailability Availability,
    decimal? Velocity = null,
    decimal? DaysOfCover = null)
{
    public static StockDto From(StockItem item, int lowThreshold)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Sku, item.OnHand, item.Held, item.Available, item.Received, item.Sold, item.ReorderPoint, item.LeadTimeDays,
            item.NeedsReorder, item.AvailabilityFor(lowThreshold).ToDto());
    }
}

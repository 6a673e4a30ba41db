using Shop.Domain.Inventory;

namespace Shop.Functions.Catalog;

internal static class ProductAvailabilityMapping
{
    public static ProductAvailability ToDto(this StockAvailability availability) => availability switch
    {
        StockAvailability.InStock => ProductAvailability.InStock,
        StockAvailability.Low => ProductAvailability.Low,
        _ => ProductAvailability.Out,
    };

    public static ProductAvailability AvailabilityOf(StockItem? item, int lowThreshold) =>
        (item?.AvailabilityFor(lowThreshold) ?? StockAvailability.Out).ToDto();
}

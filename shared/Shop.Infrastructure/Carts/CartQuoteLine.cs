using Shop.Domain.Common;
using Shop.Domain.Inventory;

namespace Shop.Infrastructure.Carts;

/// <summary>
/// A cart line priced from the catalog at read time. <see cref="Purchasable"/> is false when the product no longer
/// exists or is inactive (the line is then left out of the totals); <see cref="Warning"/> tells the shopper why a line
/// may not ship as asked.
/// </summary>
public sealed record CartQuoteLine(
    string Sku,
    int Quantity,
    string? Name,
    Money? UnitPrice,
    Money? LineTotal,
    int WeightGrams,
    StockAvailability Availability,
    bool Purchasable,
    string? Warning);

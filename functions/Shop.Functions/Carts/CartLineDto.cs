using Shop.Functions.Catalog;

namespace Shop.Functions.Carts;

/// <summary>A cart line with the catalog's current price; <c>purchasable</c> is false (and the line left out of the totals) when the product is gone.</summary>
public sealed record CartLineDto(
    string Sku,
    string? Name,
    int Quantity,
    MoneyDto? UnitPrice,
    MoneyDto? LineTotal,
    ProductAvailability Availability,
    bool Purchasable,
    string? Warning);

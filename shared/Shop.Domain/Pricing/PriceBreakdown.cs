using Shop.Domain.Common;

namespace Shop.Domain.Pricing;

/// <summary>
/// What a cart costs. Without a destination, <see cref="Shipping"/>, <see cref="Tax"/> and <see cref="Zone"/> are null and
/// <see cref="Total"/> is the subtotal.
/// </summary>
public sealed record PriceBreakdown(
    Money Subtotal,
    Money? Shipping,
    Money? Tax,
    Money Total,
    ShippingZone? Zone,
    decimal? TaxRate,
    bool FreeShipping,
    Money? FreeShippingThreshold,
    int ItemCount,
    int TotalWeightGrams);

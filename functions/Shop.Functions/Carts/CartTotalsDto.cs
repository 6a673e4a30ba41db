using Shop.Domain.Pricing;
using Shop.Functions.Catalog;

namespace Shop.Functions.Carts;

/// <summary>What the cart costs now. Shipping and tax appear once a destination is set.</summary>
public sealed record CartTotalsDto(
    int ItemCount,
    int WeightGrams,
    MoneyDto Subtotal,
    MoneyDto? Shipping,
    MoneyDto? Tax,
    MoneyDto Total,
    ShippingZone? ShippingZone,
    decimal? TaxRate,
    bool FreeShipping,
    MoneyDto? FreeShippingThreshold)
{
    public static CartTotalsDto From(PriceBreakdown totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return new(
            totals.ItemCount,
            totals.TotalWeightGrams,
            MoneyDto.From(totals.Subtotal),
            MoneyDto.From(totals.Shipping),
            MoneyDto.From(totals.Tax),
            MoneyDto.From(totals.Total),
            totals.Zone,
            totals.TaxRate,
            totals.FreeShipping,
            MoneyDto.From(totals.FreeShippingThreshold));
    }
}

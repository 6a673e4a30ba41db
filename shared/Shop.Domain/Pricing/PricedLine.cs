using Shop.Domain.Common;

namespace Shop.Domain.Pricing;

/// <summary>A line to price: the catalog's current unit price and weight, times the quantity.</summary>
public sealed record PricedLine(string Sku, int Quantity, Money UnitPrice, int WeightGrams)
{
    public Money LineTotal => UnitPrice * Quantity;
}

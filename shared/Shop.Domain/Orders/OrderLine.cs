using Shop.Domain.Common;

namespace Shop.Domain.Orders;

/// <summary>One line of an order, priced when the order was placed.</summary>
public sealed record OrderLine(string Sku, string Name, int Quantity, Money UnitPrice)
{
    public Money LineTotal => UnitPrice * Quantity;
}

using Shop.Domain.Common;

namespace Shop.Domain.Returns;

/// <summary>One returned line: units of an order line, at the price paid; its disposition once inspected.</summary>
public sealed record ReturnLine(string Sku, string Name, int Quantity, Money UnitPrice, LineDisposition? Disposition = null)
{
    public Money LineTotal => UnitPrice * Quantity;
}

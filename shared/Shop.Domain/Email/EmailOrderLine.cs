using System.Text.Json.Serialization;
using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>One line of an order or cart as a message shows it.</summary>
public sealed record EmailOrderLine(string Sku, string Name, int Quantity, Money UnitPrice)
{
    [JsonIgnore]
    public Money LineTotal => UnitPrice * Quantity;
}

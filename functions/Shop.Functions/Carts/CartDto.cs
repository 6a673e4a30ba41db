using Shop.Domain.Carts;
using Shop.Functions.Catalog;
using Shop.Infrastructure.Carts;

namespace Shop.Functions.Carts;

/// <summary>A cart as the shopper sees it: lines at current prices, availability warnings and totals.</summary>
public sealed record CartDto(
    string Id,
    CartStatus Status,
    string? Email,
    DestinationDto? Destination,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastActivityAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<CartLineDto> Lines,
    CartTotalsDto Totals,
    IReadOnlyList<string> Warnings)
{
    public static CartDto From(CartQuote quote)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var cart = quote.Cart;
        return new CartDto(
            cart.Id,
            quote.Status,
            cart.Email,
            DestinationDto.From(cart.Destination),
            cart.CreatedAt,
            cart.LastActivityAt,
            cart.ExpiresAt,
            quote.Lines.Select(l => new CartLineDto(
                l.Sku, l.Name, l.Quantity, MoneyDto.From(l.UnitPrice), MoneyDto.From(l.LineTotal), l.Availability.ToDto(), l.Purchasable, l.Warning)).ToList(),
            CartTotalsDto.From(quote.Totals),
            quote.Warnings);
    }
}

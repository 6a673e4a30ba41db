using Shop.Domain.Carts;
using Shop.Domain.Pricing;

namespace Shop.Infrastructure.Carts;

/// <summary>A cart with current catalog prices, availability and totals, as of <see cref="Status"/>'s time.</summary>
public sealed record CartQuote(Cart Cart, CartStatus Status, IReadOnlyList<CartQuoteLine> Lines, PriceBreakdown Totals, IReadOnlyList<string> Warnings);

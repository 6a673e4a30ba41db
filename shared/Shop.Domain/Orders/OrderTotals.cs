using Shop.Domain.Common;

namespace Shop.Domain.Orders;

/// <summary>The amounts of an order, fixed at placement.</summary>
public sealed record OrderTotals(Money Subtotal, Money Shipping, Money Tax, Money Total);

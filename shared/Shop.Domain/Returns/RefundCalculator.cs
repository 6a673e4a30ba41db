using Shop.Domain.Common;
using Shop.Domain.Orders;

namespace Shop.Domain.Returns;

/// <summary>
/// What returned lines are worth back: their price, plus their share of the order's tax (in proportion to their part
/// of the subtotal), plus — when the shop is at fault (<see cref="ReturnReasons.IsShopsFault"/>) — the same share of
/// the shipping paid. Never more than what the order's other returns have left of its total.
/// </summary>
public static class RefundCalculator
{
    public static Money For(Order order, IEnumerable<ReturnLine> lines, ReturnReason reason, Money alreadyCommitted)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(lines);
        var currency = order.Totals.Total.Currency;
        var subtotal = lines.Aggregate(Money.Zero(currency), (sum, l) => sum + l.LineTotal);
        if (order.Totals.Subtotal.MinorUnits <= 0)
        {
            return Money.Zero(currency);
        }

        var share = subtotal.Amount / order.Totals.Subtotal.Amount;
        var amount = subtotal + order.Totals.Tax * share;
        if (ReturnReasons.IsShopsFault(reason))
        {
            amount += order.Totals.Shipping * share;
        }

        var left = order.Totals.Total - alreadyCommitted;
        return amount > left ? left : amount;
    }
}

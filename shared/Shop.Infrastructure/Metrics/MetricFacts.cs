namespace Shop.Infrastructure.Metrics;

/// <summary>The kinds of facts the weekly rollup reads.</summary>
public static class MetricFacts
{
    /// <summary>An order placed (checkout accepted): the denominator of the payment failure rate.</summary>
    public const string Placed = "placed";

    /// <summary>An order confirmed (paid): <c>totalMinor</c>, <c>currency</c>, <c>customer</c> (a hash of the email).</summary>
    public const string Confirmed = "confirmed";

    /// <summary>An order whose payment failed.</summary>
    public const string PaymentFailed = "paymentfailed";

    /// <summary>An order shipped: <c>cycleSeconds</c> from placement, <c>withinSla</c>, <c>lines</c> (SKU → units).</summary>
    public const string Shipped = "shipped";

    /// <summary>A cart that got its first line, in the week the cart was created.</summary>
    public const string Cart = "cart";

    /// <summary>A cart checked out (<c>orderId</c>), in the week of the order.</summary>
    public const string CartCheckedOut = "cartout";

    /// <summary>Units of a SKU returned: <c>sku</c>, <c>units</c>, <c>reason</c>.</summary>
    public const string Returned = "returned";

    /// <summary>A SKU's units on hand on a day, from the daily restock check: <c>sku</c>, <c>day</c>, <c>onHand</c>.</summary>
    public const string OnHand = "onhand";
}

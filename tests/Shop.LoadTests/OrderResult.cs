namespace Shop.LoadTests;

/// <summary>
/// One order a shopper took from browsing to Delivered. Times in milliseconds; "observed" is when the shopper's
/// status poll first showed the state, "stamped" is the state's time in the order's own timeline.
/// </summary>
internal sealed record OrderResult(
    string OrderId,
    IReadOnlyList<OrderLineChoice> Lines,
    DateTimeOffset CheckoutSentAt,
    double CheckoutMs,
    double ConfirmedObservedMs,
    double ConfirmedStampedMs,
    double CycleMs,
    int Polls);

/// <summary>A line the shopper put in the cart.</summary>
internal sealed record OrderLineChoice(string Sku, int Quantity);

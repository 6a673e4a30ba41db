using Shop.Domain.Orders;

namespace Shop.Functions.Orders;

/// <summary>
/// Waits for the order workflow's decision on a request it was sent (cancel, picking, shipment): the workflow takes
/// its events one at a time, so of two racing requests one wins and the other is refused, and each caller is told
/// which. The answer is the order once it has left the statuses the request found it in, or as it is after
/// <see cref="Wait"/> (the workflow is busy, e.g. retrying a payment: the caller gets 202 and follows the order).
/// </summary>
internal static class OrderDecision
{
    /// <summary>How long a request waits for the workflow's decision.</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RecheckEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>The order once <paramref name="decided"/> holds for it, or as it is when the wait is over.</summary>
    public static Task<(Order Order, bool Reached)> WaitAsync(IOrderStore orders, string orderId, Func<Order, bool> decided, CancellationToken cancellationToken) =>
        OrderChangeWait.WaitUntilAsync(orders, orderId, decided, Wait, RecheckEvery, RecheckEvery, cancellationToken);
}

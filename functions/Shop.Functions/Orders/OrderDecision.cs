using System.Diagnostics;
using Shop.Domain.Orders;
using Shop.Hosting.Http;

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
    public static async Task<(Order Order, bool Decided)> WaitAsync(IOrderStore orders, string orderId, Func<Order, bool> decided, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // Watch before reading, so a change made between the read and the wait is not missed.
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var seenAgain = orders.WhenSeenAgainAsync(orderId, watching.Token);
            var order = await orders.GetRecentAsync(orderId, RecheckEvery, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
            if (decided(order) || waited.Elapsed >= Wait)
            {
                await watching.CancelAsync();
                return (order, decided(order));
            }

            await Task.WhenAny(seenAgain, Task.Delay(RecheckEvery, cancellationToken));
            await watching.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Primitives;
using Shop.Domain.Orders;
using Shop.Hosting.Http;

namespace Shop.Functions.Orders;

/// <summary>
/// Conditional and waiting reads of an order's status (<c>If-None-Match</c> with <c>Prefer: wait=N</c>, RFC 7232 and
/// RFC 7240): a storefront waits for the next change instead of polling. The ETag changes whenever the customer's view
/// can (its status and its timeline, which every change adds to).
/// </summary>
internal static class OrderChangeWait
{
    /// <summary>The longest wait honoured; a longer one is shortened to it.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>How often a waiting request reads the order again (for changes made by another instance).</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The order for a status request and its ETag: at once, or — with <paramref name="wait"/> and an
    /// <paramref name="ifNoneMatch"/> that names the current version — once the order changes or the wait is over
    /// (whichever comes first; the caller answers 304 when the ETag still matches).
    /// </summary>
    public static async Task<(Order Order, string ETag)> ReadAsync(IOrderStore orders, string orderId, string ifNoneMatch, TimeSpan? wait, TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var (order, _) = await WaitUntilAsync(orders, orderId, o => !Matches(ifNoneMatch, ETag(o)), wait ?? TimeSpan.Zero, maxAge, RecheckEvery, cancellationToken);
        return (order, ETag(order));
    }

    /// <summary>
    /// The order once <paramref name="reached"/> holds for it, or as it is when <paramref name="wait"/> is over
    /// (at once for no wait), and whether it was reached. Each read may reuse this instance's copy up to
    /// <paramref name="maxAge"/> old.
    /// </summary>
    public static async Task<(Order Order, bool Reached)> WaitUntilAsync(
        IOrderStore orders, string orderId, Func<Order, bool> reached, TimeSpan wait, TimeSpan maxAge, TimeSpan recheckEvery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(reached);
        // Wall-clock time (not the shop's clock): how long this request may stay open.
        var waited = Stopwatch.StartNew();
        while (true)
        {
            // Watch before reading, so that a change made between the read and the wait is not missed.
            using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var seenAgain = wait > TimeSpan.Zero ? orders.WhenSeenAgainAsync(orderId, watching.Token) : Task.CompletedTask;
            var order = await orders.GetRecentAsync(orderId, maxAge, cancellationToken)
                ?? throw ProblemException.NotFound("No order has this id.");
            var done = reached(order);
            var remaining = wait - waited.Elapsed;
            if (done || remaining <= TimeSpan.Zero)
            {
                await watching.CancelAsync();
                return (order, done);
            }

            // Woken by this instance's next save or read of the order; another instance's change shows at the next
            // read, at most recheckEvery later.
            await Task.WhenAny(seenAgain, Task.Delay(remaining < recheckEvery ? remaining : recheckEvery, cancellationToken));
            await watching.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The weak ETag of the customer's view of <paramref name="order"/>.</summary>
    public static string ETag(Order order) => string.Create(
        CultureInfo.InvariantCulture,
        $"W/\"{order.Status}-{order.Timeline.Count}-{order.Timeline[^1].At.UtcTicks}\"");

    /// <summary>Whether an <c>If-None-Match</c> value names <paramref name="etag"/> (weak comparison) or is <c>*</c>.</summary>
    public static bool Matches(string ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Length == 0)
        {
            return false;
        }

        var opaque = Opaque(etag);
        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || Opaque(candidate) == opaque)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The wait a <c>Prefer</c> header asks for (<c>wait=N</c>, in seconds, at most <see cref="MaxWait"/>); null when none or malformed.</summary>
    public static TimeSpan? FromPrefer(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            foreach (var preference in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0].Equals("wait", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                {
                    var wait = TimeSpan.FromSeconds(seconds);
                    return wait < MaxWait ? wait : MaxWait;
                }
            }
        }

        return null;
    }

    public static string Applied(TimeSpan wait) => "wait=" + ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}

using System.Diagnostics;
using System.Globalization;

namespace Shop.LoadTests;

/// <summary>
/// One shopper's order, start to end, as a storefront, the warehouse and the carrier would drive it:
/// browse (a catalog page, a product) → cart (create, one or two lines) → checkout → wait for Confirmed →
/// the warehouse records the shipment → wait for Shipped → the carrier reports delivery → wait for Delivered.
/// No think time: each shopper starts its next order as soon as the last one is delivered.
/// </summary>
internal sealed class Shopper(ShopClient shop, IReadOnlyList<string> skus, LoadOptions options, string runId)
{
    private static readonly string[] FailedStates = ["rejected", "payment_failed", "cancelled"];

    /// <summary>Places one order and follows it to Delivered; <paramref name="phaseEnded"/> runs after each phase (with the polls made so far).</summary>
    public async Task<OrderResult> PlaceOrderAsync(int shopper, int order, Random random, Func<string, int, Task>? phaseEnded, CancellationToken cancellationToken)
    {
        var cycle = Stopwatch.StartNew();
        phaseEnded ??= (_, _) => Task.CompletedTask;
        var polls = 0;

        await shop.ListProductsAsync(12, null, cancellationToken);
        await shop.GetProductAsync(skus[random.Next(skus.Count)], cancellationToken);
        await phaseEnded("browse", polls);

        var cartId = await shop.CreateCartAsync(cancellationToken);
        var lines = skus.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(sku => new OrderLineChoice(sku, random.Next(1, 3))).ToList();
        foreach (var line in lines)
        {
            await shop.AddItemAsync(cartId, line.Sku, line.Quantity, cancellationToken);
        }

        await phaseEnded("cart", polls);

        var email = $"shopper{shopper.ToString(CultureInfo.InvariantCulture)}.order{order.ToString(CultureInfo.InvariantCulture)}.{runId}@example.com";
        var sentAt = DateTimeOffset.UtcNow;
        var checkoutClock = Stopwatch.StartNew();
        var orderId = await shop.CheckoutAsync(cartId, Guid.NewGuid().ToString("N"), email, cancellationToken);
        var checkoutMs = checkoutClock.Elapsed.TotalMilliseconds;
        await phaseEnded("checkout", polls);

        var confirmed = await WaitForAsync(orderId, "confirmed", () => polls++, cancellationToken);
        var confirmedObservedMs = checkoutClock.Elapsed.TotalMilliseconds;
        var stamp = confirmed.Timeline.LastOrDefault(e => e.Step == "confirmed")?.At
            ?? throw new LoadException("confirm", $"Order {orderId} is confirmed but its timeline has no 'confirmed' step.");
        await phaseEnded("confirm", polls);

        await shop.ShipAsync(orderId, "1Z" + orderId[^16..].ToUpperInvariant(), cancellationToken);
        await WaitForAsync(orderId, "shipped", () => polls++, cancellationToken);
        await phaseEnded("ship", polls);

        await shop.CarrierEventAsync($"{orderId}-delivered", orderId, "delivered", cancellationToken);
        await WaitForAsync(orderId, "delivered", () => polls++, cancellationToken);
        await phaseEnded("deliver", polls);

        return new OrderResult(orderId, lines, sentAt, checkoutMs, confirmedObservedMs, (stamp - sentAt).TotalMilliseconds, cycle.Elapsed.TotalMilliseconds, polls);
    }

    /// <summary>
    /// Follows the order until it reaches <paramref name="status"/>: with waiting requests (each answers at the order's
    /// next change), or by polling as often as set while waiting for Confirmed (the latency measured) and at most every
    /// 100 ms for the later states.
    /// </summary>
    private async Task<OrderStatusView> WaitForAsync(string orderId, string status, Action polled, CancellationToken cancellationToken)
    {
        if (options.WaitSeconds > 0)
        {
            return await WaitForChangesAsync(orderId, status, polled, cancellationToken);
        }

        var interval = status == "confirmed" ? options.PollInterval : TimeSpan.FromMilliseconds(Math.Max(100, options.PollInterval.TotalMilliseconds));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var view = await shop.GetOrderAsync(orderId, cancellationToken);
            polled();
            if (view.Status == status)
            {
                return view;
            }

            if (FailedStates.Contains(view.Status))
            {
                throw new LoadException($"wait for {status}", $"Order {orderId} ended {view.Status}: {view.Reason}");
            }

            if (deadline.Elapsed > options.StepTimeout)
            {
                throw new LoadException($"wait for {status}", $"Order {orderId} still '{view.Status}' after {options.StepTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(interval, cancellationToken);
        }
    }

    private async Task<OrderStatusView> WaitForChangesAsync(string orderId, string status, Action polled, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string? etag = null;
        while (true)
        {
            var (view, tag) = await shop.WaitForChangeAsync(orderId, etag, options.WaitSeconds, cancellationToken);
            polled();
            etag = tag;
            if (view?.Status == status)
            {
                return view;
            }

            if (view is not null && FailedStates.Contains(view.Status))
            {
                throw new LoadException($"wait for {status}", $"Order {orderId} ended {view.Status}: {view.Reason}");
            }

            if (deadline.Elapsed > options.StepTimeout)
            {
                throw new LoadException($"wait for {status}", $"Order {orderId} still not '{status}' after {options.StepTimeout.TotalSeconds:0} s.");
            }
        }
    }
}

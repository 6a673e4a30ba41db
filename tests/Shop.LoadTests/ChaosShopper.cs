using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Shop.LoadTests;

/// <summary>
/// A shopper (with the warehouse and the carrier) while the app is being killed: fills a cart, checks out, and takes the
/// order through its <see cref="ChaosStory"/>. A call the app does not answer (refused, reset: the app is down) is sent
/// again until <see cref="LoadOptions.StepTimeout"/>: checkout with the same Idempotency-Key, ship, cancel and carrier
/// events as they are (a repeated one that finds the order already moved on is what it asked for); a cart being filled
/// is dropped and a new one filled. Every other answer that is not the story's is an error.
/// </summary>
internal sealed class ChaosShopper(ShopClient shop, IReadOnlyList<string> skus, LoadOptions options, string runId, ChaosTally tally)
{
    private static readonly string[] EndStates = ["delivered", "cancelled", "rejected", "payment_failed"];
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    public async Task PlaceOrderAsync(int shopper, int number, Random random, CancellationToken cancellationToken)
    {
        var story = ChaosStories.Pick(random);
        var lines = skus.OrderBy(_ => random.Next()).Take(random.Next(1, 3)).Select(sku => new OrderLineChoice(sku, random.Next(1, 3))).ToList();
        var cartId = await PersistAsync("cart (filled again)", async _ =>
        {
            var id = await shop.CreateCartAsync(cancellationToken);
            foreach (var line in lines)
            {
                await shop.AddItemAsync(id, line.Sku, line.Quantity, cancellationToken);
            }

            return id;
        }, cancellationToken);

        var email = $"chaos{shopper.ToString(CultureInfo.InvariantCulture)}.order{number.ToString(CultureInfo.InvariantCulture)}.{runId}@example.com";
        var key = Guid.NewGuid().ToString("N");
        var orderId = await PersistAsync("checkout (same Idempotency-Key)", _ => shop.CheckoutAsync(cartId, key, email, ChaosStories.PaymentMethod(story), cancellationToken), cancellationToken);
        tally.Placed(orderId, story);
        await FollowAsync(orderId, story, random, cancellationToken);
    }

    private async Task FollowAsync(string orderId, ChaosStory story, Random random, CancellationToken cancellationToken)
    {
        switch (story)
        {
            case ChaosStory.CancelPlaced:
                await ActAsync("cancel", orderId, () => shop.CancelAsync(orderId, cancellationToken), ["cancelled"], cancellationToken);
                await WaitForAsync(orderId, "cancelled", cancellationToken);
                return;
            case ChaosStory.Declined:
                await WaitForAsync(orderId, "payment_failed", cancellationToken);
                return;
            case ChaosStory.DeliverAfter3DSecure:
                await WaitUntilAsync(orderId, "3-D Secure asked", v => v.Timeline.Any(e => e.Step == "payment_action_required"), cancellationToken);
                var payments = await PersistAsync("dev: payments", _ => shop.GetPaymentsAsync(orderId, cancellationToken), cancellationToken);
                var paymentId = payments.Payments.FirstOrDefault(p => p.Status == "requires_action")?.PaymentId
                    ?? throw new LoadException("3-D Secure", $"Order {orderId} asks for 3-D Secure but has no payment that requires action: {string.Join(", ", payments.Payments)}");
                await PersistAsync("dev: complete payment action", _ => Done(shop.CompletePaymentActionAsync(paymentId, cancellationToken)), cancellationToken);
                break;
        }

        await WaitForAsync(orderId, "confirmed", cancellationToken);
        if (story == ChaosStory.CancelConfirmed)
        {
            await ActAsync("cancel", orderId, () => shop.CancelAsync(orderId, cancellationToken), ["cancelled"], cancellationToken);
            await WaitForAsync(orderId, "cancelled", cancellationToken);
            return;
        }

        await ActAsync("ship (admin)", orderId, () => shop.ShipAsync(orderId, "1Z" + orderId[^16..].ToUpperInvariant(), cancellationToken), ["shipped", "out_for_delivery", "delivered"], cancellationToken);
        await WaitForAsync(orderId, "shipped", cancellationToken);
        if (story == ChaosStory.Ship)
        {
            return;
        }

        if (random.Next(2) == 0)
        {
            await ActAsync("carrier webhook", orderId, () => shop.CarrierEventAsync($"{orderId}-out", orderId, "out_for_delivery", cancellationToken), ["out_for_delivery", "delivered"], cancellationToken);
            await WaitForAsync(orderId, "out_for_delivery", cancellationToken);
        }

        await ActAsync("carrier webhook", orderId, () => shop.CarrierEventAsync($"{orderId}-delivered", orderId, "delivered", cancellationToken), ["delivered"], cancellationToken);
        await WaitForAsync(orderId, "delivered", cancellationToken);
    }

    /// <summary>
    /// An action on the order, sent again while the app does not answer. A repeat answered 409 is fine when the order has
    /// moved to <paramref name="movedTo"/>: the call that got no answer was applied before the app died.
    /// </summary>
    private Task ActAsync(string kind, string orderId, Func<Task> call, string[] movedTo, CancellationToken cancellationToken) =>
        PersistAsync(kind, async again =>
        {
            try
            {
                await call();
            }
            catch (LoadException ex) when (again && ex.Status == HttpStatusCode.Conflict)
            {
                var view = await PersistAsync("order status poll", _ => shop.GetOrderAsync(orderId, cancellationToken), cancellationToken);
                if (!movedTo.Contains(view.Status))
                {
                    throw;
                }

                tally.Repeated($"{kind}: repeat answered 409, the first had been applied");
            }

            return true;
        }, cancellationToken);

    private Task<OrderStatusView> WaitForAsync(string orderId, string status, CancellationToken cancellationToken) =>
        WaitUntilAsync(orderId, status, v => v.Status == status, cancellationToken);

    /// <summary>Follows the order with waiting requests until <paramref name="reached"/>; an end state that is not it is an error.</summary>
    private async Task<OrderStatusView> WaitUntilAsync(string orderId, string what, Func<OrderStatusView, bool> reached, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        string? etag = null;
        while (true)
        {
            OrderStatusView? view;
            try
            {
                (view, etag) = await shop.WaitForChangeAsync(orderId, etag, Math.Max(options.WaitSeconds, 1), cancellationToken);
            }
            catch (LoadException ex) when (ex.Unreachable && deadline.Elapsed < options.StepTimeout)
            {
                tally.Repeated("order status wait");
                (view, etag) = (null, null);
                await Task.Delay(RetryDelay, cancellationToken);
            }

            if (view is not null && reached(view))
            {
                return view;
            }

            if (view is not null && EndStates.Contains(view.Status))
            {
                throw new LoadException($"wait for {what}", $"Order {orderId} ended {view.Status}: {view.Reason}");
            }

            if (deadline.Elapsed > options.StepTimeout)
            {
                throw new LoadException($"wait for {what}", $"Order {orderId} not '{what}' after {options.StepTimeout.TotalSeconds:0} s (last seen {view?.Status ?? "unchanged"}).");
            }
        }
    }

    /// <summary>Calls until the app answers, at most for <see cref="LoadOptions.StepTimeout"/>; the call is told whether it is a repeat.</summary>
    private async Task<T> PersistAsync<T>(string kind, Func<bool, Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var again = false;
        while (true)
        {
            try
            {
                return await call(again);
            }
            catch (LoadException ex) when (ex.Unreachable && deadline.Elapsed < options.StepTimeout)
            {
                tally.Repeated(kind);
                again = true;
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private static async Task<bool> Done(Task call)
    {
        await call;
        return true;
    }
}

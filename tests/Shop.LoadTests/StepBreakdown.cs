namespace Shop.LoadTests;

/// <summary>
/// Where the time from checkout to Confirmed goes, read from the orders' own records after the run (so reading them
/// does not disturb the measurement): the workflow's history (each episode's time) and the order's timeline.
/// An activity's time runs from the episode that scheduled it to the episode that received its result, so it holds
/// the scheduling commit, the activity's own storage calls and the hand-back.
/// </summary>
internal static class StepBreakdown
{
    private static readonly string[] StepsBeforeConfirm = ["ValidateOrder", "HoldStock", "AuthorizePayment"];

    public static async Task<IReadOnlyList<(string Segment, double[] Sorted)>> MeasureAsync(ShopClient shop, IReadOnlyList<OrderResult> orders, int sample, CancellationToken cancellationToken)
    {
        var segments = new List<(string Name, Samples Values)>();
        Samples Segment(string name)
        {
            var found = segments.FirstOrDefault(s => s.Name == name).Values;
            if (found is null)
            {
                found = new Samples();
                segments.Add((name, found));
            }

            return found;
        }

        var step = Math.Max(1, orders.Count / Math.Max(1, sample));
        for (var i = 0; i < orders.Count; i += step)
        {
            var order = orders[i];
            var history = (await shop.GetHistoryAsync(order.OrderId, cancellationToken)).History ?? [];
            var events = history.OrderBy(e => e.Sequence).ToList();
            var confirmScheduled = events.FirstOrDefault(e => e.EventType == "taskScheduled" && e.Name == "ConfirmOrder");
            if (events.Count == 0 || confirmScheduled is null)
            {
                continue;
            }

            var confirmedAt = order.CheckoutSentAt.AddMilliseconds(order.ConfirmedStampedMs);
            Segment("checkout call sent → workflow's first episode").Add((Utc(events[0].Timestamp) - order.CheckoutSentAt).TotalMilliseconds);
            foreach (var name in StepsBeforeConfirm)
            {
                var scheduled = events.FirstOrDefault(e => e.EventType == "taskScheduled" && e.Name == name);
                var completed = scheduled is null ? null : events.FirstOrDefault(e => e.EventType == "taskCompleted" && e.TaskId == scheduled.TaskId);
                if (scheduled is not null && completed is not null)
                {
                    Segment($"{name} (scheduled → result applied)").Add((completed.Timestamp - scheduled.Timestamp).TotalMilliseconds);
                }
            }

            // An authorization that succeeds at once confirms the order inside AuthorizePayment (ConfirmOrder then sends
            // the email and the pick list), so Confirmed is stamped before that step's result is applied.
            var authorizeScheduled = events.FirstOrDefault(e => e.EventType == "taskScheduled" && e.Name == "AuthorizePayment");
            if (authorizeScheduled is not null)
            {
                Segment("AuthorizePayment scheduled → order saved as confirmed").Add((confirmedAt - Utc(authorizeScheduled.Timestamp)).TotalMilliseconds);
            }

            Segment("confirmed → seen by the shopper").Add(order.ConfirmedObservedMs - order.ConfirmedStampedMs);
            Segment("episodes committed before Confirmed (count)").Add(events.Count(e => e.EventType == "orchestratorStarted" && Utc(e.Timestamp) <= confirmedAt));
        }

        return segments.Select(s => (s.Name, s.Values.Drain())).ToList();
    }

    private static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
}

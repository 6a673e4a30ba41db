namespace Shop.Orchestrations.Reviews;

/// <summary>The review-request sequence's input: the order, when it was delivered, and the timings in force then.</summary>
public sealed record ReviewRequestInput(string OrderId, DateTimeOffset DeliveredAt, TimeSpan FirstRequestAfter, TimeSpan FirstReminderAfter, TimeSpan SecondReminderAfter)
{
    public static ReviewRequestInput For(string orderId, DateTimeOffset deliveredAt, ReviewRequestOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(orderId, deliveredAt, options.FirstRequestAfter, options.FirstReminderAfter, options.SecondReminderAfter);
    }
}

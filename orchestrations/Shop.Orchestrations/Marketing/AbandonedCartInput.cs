namespace Shop.Orchestrations.Marketing;

/// <summary>A cart's reminder sequence input: the cart and the timings in force when it started.</summary>
public sealed record AbandonedCartInput(string CartId, TimeSpan InactiveFor, TimeSpan SecondReminderAfter)
{
    public static AbandonedCartInput For(string cartId, AbandonedCartOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(cartId, options.InactiveFor, options.SecondReminderAfter);
    }
}

namespace Shop.Orchestrations.Marketing;

/// <summary>
/// Abandoned-cart reminders (settings section <c>AbandonedCarts</c>). Copied into each cart's reminder sequence when it
/// starts, so a change of settings never alters a running sequence's replay.
/// </summary>
public sealed class AbandonedCartOptions
{
    public const string Section = "AbandonedCarts";

    /// <summary>A cart with an email and lines, unchanged this long, gets the first reminder (default 1 hour).</summary>
    public TimeSpan InactiveFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The second and last reminder goes this long after the first, if the cart is still abandoned (default 24 hours).</summary>
    public TimeSpan SecondReminderAfter { get; set; } = TimeSpan.FromHours(24);
}

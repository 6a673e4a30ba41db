namespace Shop.Orchestrations.Marketing;

/// <summary>
/// The input of a cart reminder's send step: the cart, which reminder (1 or 2), not before when (null: now, ops asked),
/// and how long the cart must have been left unchanged.
/// </summary>
public sealed record CartReminderStep(string CartId, int Number, DateTimeOffset? NotBefore, TimeSpan InactiveFor);

namespace Shop.Orchestrations.Reviews;

/// <summary>
/// The review-request sequence after delivery (settings section <c>ReviewRequests</c>). Copied into each sequence's
/// input when it starts, so a change of settings never alters a running sequence's replay.
/// </summary>
public sealed class ReviewRequestOptions
{
    public const string Section = "ReviewRequests";

    /// <summary>The first request goes this long after delivery (default 7 days).</summary>
    public TimeSpan FirstRequestAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The first reminder goes this long after the first request (default 5 days).</summary>
    public TimeSpan FirstReminderAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>The second and last reminder goes this long after the first request (default 10 days).</summary>
    public TimeSpan SecondReminderAfter { get; set; } = TimeSpan.FromDays(10);
}

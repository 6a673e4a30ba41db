namespace Shop.Orchestrations.Marketing;

/// <summary>
/// What a send step of a marketing sequence did: sent (or found sent: the email's idempotency key), stopped (why:
/// nothing must be sent any more), or not yet due (a cart changed since: wait until <see cref="DueAt"/>).
/// </summary>
public sealed record SequenceStepOutcome(bool Sent, string? StoppedBecause, DateTimeOffset? DueAt = null)
{
    public static readonly SequenceStepOutcome WasSent = new(true, null);

    public static SequenceStepOutcome Stop(string reason) => new(false, reason);

    public static SequenceStepOutcome NotBefore(DateTimeOffset dueAt) => new(false, null, dueAt);

    public bool IsStop => StoppedBecause is not null;
}

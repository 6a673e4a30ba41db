namespace Shop.Orchestrations.Returns;

/// <summary>The external events a return's workflow waits for.</summary>
public static class ReturnEvents
{
    /// <summary>Ops decide: approve, reject, or settle with a refund and no parcel (<see cref="ReturnDecision"/>).</summary>
    public const string Decision = "ReturnDecision";

    /// <summary>The parcel arrived (the carrier's return webhook, or ops; <see cref="ParcelReceived"/>).</summary>
    public const string Received = "ParcelReceived";

    /// <summary>The warehouse inspected the parcel (<see cref="Inspection"/>).</summary>
    public const string Inspected = "ReturnInspected";
}

/// <summary>What ops decided about a return.</summary>
public enum ReturnDecisionKind
{
    Approve,
    Reject,
    Settle,
}

/// <summary>Ops' decision: <see cref="Reason"/> for a rejection, <see cref="AmountMinor"/> for a settlement.</summary>
public sealed record ReturnDecision(ReturnDecisionKind Kind, string? Reason = null, long? AmountMinor = null);

/// <summary>The parcel arrived, as reported by <see cref="Source"/> (<c>carrier</c> or <c>ops</c>).</summary>
public sealed record ParcelReceived(string Source, DateTimeOffset At);

/// <summary>The inspection: each SKU restocked or written off, and optionally a smaller refund.</summary>
public sealed record Inspection(IReadOnlyDictionary<string, Shop.Domain.Returns.LineDisposition> Lines, long? AmountMinor = null);

namespace Shop.Orchestrations.Disputes;

/// <summary>A dispute's workflow input: the dispute as the webhook reported it, the evidence deadline and the retry policy (captured at its start).</summary>
public sealed record DisputeWorkflowInput(
    string DisputeId,
    string PaymentId,
    long AmountMinor,
    string Currency,
    string Reason,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EvidenceDueBy,
    TimeSpan EvidenceWithin,
    int MaxStepAttempts,
    TimeSpan FirstRetryInterval,
    TimeSpan RetryIntervalCap)
{
    public static string InstanceId(string disputeId) => "dispute-" + disputeId;
}

/// <summary>The dispute workflow's activities and events.</summary>
public static class DisputeActivities
{
    public const string Record = "RecordDispute";
    public const string GatherEvidence = "GatherDisputeEvidence";
    public const string SubmitEvidence = "SubmitDisputeEvidence";
    public const string RecordOutcome = "RecordDisputeOutcome";
    public const string AlertOps = "AlertOpsOfDispute";

    /// <summary>The event <c>charge.dispute.closed</c> raises, with the outcome (won, lost, warning_closed).</summary>
    public const string ClosedEvent = "DisputeClosed";
}

/// <summary>The input of the evidence submission.</summary>
public sealed record SubmitEvidenceStep(string DisputeId, Shop.Domain.Disputes.DisputeEvidence Evidence);

/// <summary>The input of a step about a dispute with a message or an outcome.</summary>
public sealed record DisputeStep(string DisputeId, string Text);

namespace Shop.Durable.Core;

/// <summary>How an execution ended: completed, failed, terminated, or continued as new.</summary>
internal sealed record ExecutionOutcome(InstanceStatus Status, string? Output = null, FailureRecord? Failure = null)
{
    /// <summary>ContinueAsNew: the new input.</summary>
    public bool ContinueAsNew { get; init; }

    /// <summary>ContinueAsNew: unprocessed events to carry over.</summary>
    public IReadOnlyList<HistoryEvent> CarryOver { get; init; } = [];
}

namespace Shop.Durable.Core;

/// <summary>
/// Work an episode scheduled, committed in the same transaction as the history that schedules it: run by the
/// committing process straight away, cleared by a later commit, and re-run by recovery if that process died.
/// </summary>
internal sealed record OutboxEntry
{
    public required string Id { get; init; }

    public required OutboxKind Kind { get; init; }

    public int Generation { get; init; }

    public int TaskId { get; init; }

    public string? Name { get; init; }

    public string? Input { get; init; }

    public DateTime? FireAt { get; init; }

    /// <summary>The sub-orchestration, the event's target, or the parent to notify.</summary>
    public string? TargetInstanceId { get; init; }

    public string? EventId { get; init; }

    /// <summary>NotifyParent: the parent's task id and generation, the outcome.</summary>
    public int ParentGeneration { get; init; }

    public string? Result { get; init; }

    public FailureRecord? Failure { get; init; }

    public DateTime CreatedAt { get; init; }

    /// <summary>SubOrchestration: re-dispatched by a rewind (a failed child is rewound rather than reported again).</summary>
    public bool Rewind { get; init; }

    public static string TaskEntryId(int generation, int taskId) => $"{generation}:{taskId}";
}

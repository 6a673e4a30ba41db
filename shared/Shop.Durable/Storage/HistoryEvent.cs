namespace Shop.Durable;

/// <summary>
/// One event of an orchestration's history. Only the fields that apply to <see cref="EventType"/> are set.
/// Payloads (<see cref="Input"/>, <see cref="Result"/>) are JSON text.
/// </summary>
internal sealed record HistoryEvent
{
    /// <summary>Position in the current execution's history, from 0.</summary>
    public int Sequence { get; init; }

    public HistoryEventType EventType { get; init; }

    /// <summary>The time of the episode that recorded the event (UTC).</summary>
    public DateTime Timestamp { get; init; }

    /// <summary>The scheduled call this event belongs to (activities, timers, sub-orchestrations, events sent).</summary>
    public int? TaskId { get; init; }

    /// <summary>Orchestrator, activity or event name.</summary>
    public string? Name { get; init; }

    public string? Input { get; init; }

    public string? Result { get; init; }

    public FailureRecord? Failure { get; init; }

    /// <summary>When a timer fires.</summary>
    public DateTime? FireAt { get; init; }

    /// <summary>The id of a raised event (duplicates of one event are recorded once).</summary>
    public string? EventId { get; init; }

    /// <summary>The other instance (a sub-orchestration, the target of an event sent).</summary>
    public string? InstanceId { get; init; }

    /// <summary>The reason given for terminate, suspend, resume, rewind.</summary>
    public string? Reason { get; init; }

    /// <summary>How the execution ended (ExecutionCompleted).</summary>
    public InstanceStatus? Status { get; init; }

    /// <summary>The execution's id (ExecutionStarted).</summary>
    public string? ExecutionId { get; init; }

    /// <summary>The parent instance (ExecutionStarted of a sub-orchestration).</summary>
    public string? ParentInstanceId { get; init; }

    public string? ParentName { get; init; }

    public int? ParentTaskId { get; init; }

    /// <summary>The parent's execution generation (ExecutionStarted of a sub-orchestration).</summary>
    public int? ParentGeneration { get; init; }

    /// <summary>The history events a rewind set aside (ExecutionRewound).</summary>
    public IReadOnlyList<int>? Rewound { get; init; }
}

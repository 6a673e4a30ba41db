namespace Shop.Durable.Core;

/// <summary>What an actor's turn has decided so far, while it plans an episode (see <c>InstanceActor.PlanAsync</c>).</summary>
internal sealed class EpisodeDraft(DateTime now, InstanceState? state)
{
    public EpisodePlan Plan { get; } = new();

    /// <summary>The episode's time (its OrchestratorStarted timestamp).</summary>
    public DateTime Now { get; } = now;

    /// <summary>The instance's committed state before this turn (null before its first commit).</summary>
    public InstanceState? State { get; } = state;

    /// <summary>The start that begins a new execution in this turn, if any.</summary>
    public InstanceMessage? Start { get; set; }

    public bool NewExecution { get; set; }

    public int Generation { get; set; }

    public OrchestrationExecutor? Executor { get; set; }

    /// <summary>The status as the batch leaves it so far (null: no instance).</summary>
    public InstanceStatus? Status { get; set; }

    /// <summary>The events this episode records before the orchestrator runs.</summary>
    public List<HistoryEvent> Episode { get; } = [new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now }];

    /// <summary>Task ids whose completion this batch already took (a second one is a duplicate).</summary>
    public HashSet<int> Claimed { get; } = [];

    public HashSet<string> NewEventIds { get; } = [];

    /// <summary>Outbox entries whose completion this batch records.</summary>
    public HashSet<string> Completed { get; } = [];

    /// <summary>A recovery asked for the outbox to be run again.</summary>
    public bool Recover { get; set; }
}

using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>What one turn of an instance's actor decided: the commit, and what to do once it is durable.</summary>
internal sealed class EpisodePlan
{
    public CommitBatch? Commit { get; set; }

    public OrchestrationExecutor? Executor { get; set; }

    /// <summary>The history of the current generation after the commit.</summary>
    public List<HistoryEvent>? History { get; set; }

    public HashSet<string>? EventIds { get; set; }

    /// <summary>Entries to run once committed.</summary>
    public List<OutboxEntry> Dispatch { get; } = [];

    /// <summary>Done entries this commit clears.</summary>
    public HashSet<string> Cleared { get; } = [];

    public List<(InstanceMessage Message, Exception? Error)> Outcomes { get; } = [];

    public bool HasRejections => Outcomes.Any(o => o.Error is not null);

    /// <summary>The execution's input when it changed (new execution, ContinueAsNew), for the projection.</summary>
    public string? NewInput { get; set; }

    public bool InputChanged { get; set; }

    public void Accept(InstanceMessage message) => Outcomes.Add((message, null));

    public void Reject(InstanceMessage message, Exception error) => Outcomes.Add((message, error));
}

using Microsoft.DurableTask;

namespace Shop.Durable;

/// <summary>What an activity run by the embedded backend knows about the call it serves.</summary>
public sealed class EmbeddedActivityContext : TaskActivityContext
{
    internal EmbeddedActivityContext(TaskName name, string instanceId, int taskId, int generation)
    {
        Name = name;
        InstanceId = instanceId;
        TaskId = taskId;
        IdempotencyKey = generation == 0 ? $"{instanceId}:{taskId}" : $"{instanceId}:{generation}:{taskId}";
    }

    /// <summary>The activity's registered name.</summary>
    public override TaskName Name { get; }

    /// <summary>The orchestration instance that called the activity.</summary>
    public override string InstanceId { get; }

    /// <summary>The call's task id within the orchestration (each call and each retry attempt has its own).</summary>
    public int TaskId { get; }

    /// <summary>
    /// Stable across re-runs of the same call: <c>{instanceId}:{taskId}</c> (with the execution generation in the
    /// middle after a <c>ContinueAsNew</c> or restart). Pass it to side-effecting APIs so a second run does nothing twice.
    /// </summary>
    public string IdempotencyKey { get; }
}

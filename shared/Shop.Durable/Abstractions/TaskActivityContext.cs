namespace Shop.Durable;

/// <summary>What an activity knows about the call it serves.</summary>
public sealed class TaskActivityContext
{
    internal TaskActivityContext(TaskName name, string instanceId, int taskId, int generation)
    {
        Name = name;
        InstanceId = instanceId;
        TaskId = taskId;
        IdempotencyKey = generation == 0 ? $"{instanceId}:{taskId}" : $"{instanceId}:{generation}:{taskId}";
    }

    /// <summary>The activity's registered name.</summary>
    public TaskName Name { get; }

    /// <summary>The orchestration instance that called the activity.</summary>
    public string InstanceId { get; }

    /// <summary>The call's task id within the orchestration (each call and each retry attempt has its own).</summary>
    public int TaskId { get; }

    /// <summary>
    /// Stable across re-runs of the same call: <c>{instanceId}:{taskId}</c> (with the execution generation in the
    /// middle after a <c>ContinueAsNew</c> or restart). Pass it to side-effecting APIs so a second run does nothing twice.
    /// </summary>
    public string IdempotencyKey { get; }
}

namespace Shop.Durable;

/// <summary>Options for a sub-orchestration call: its instance id (default: derived from the parent's id and the task id).</summary>
public sealed class SubOrchestrationOptions : TaskOptions
{
    public SubOrchestrationOptions(string? instanceId = null, RetryPolicy? retry = null)
        : base(retry)
    {
        InstanceId = instanceId;
    }

    public string? InstanceId { get; init; }
}

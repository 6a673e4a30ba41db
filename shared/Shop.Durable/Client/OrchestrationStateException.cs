namespace Shop.Durable;

/// <summary>The operation is not allowed in the instance's current status (for example, resuming a running instance).</summary>
public class OrchestrationStateException : InvalidOperationException
{
    public OrchestrationStateException()
        : this("The operation is not allowed in the instance's current status.")
    {
    }

    public OrchestrationStateException(string message)
        : base(message)
    {
    }

    public OrchestrationStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal OrchestrationStateException(string instanceId, InstanceStatus status, string message)
        : base(message)
    {
        InstanceId = instanceId;
        Status = status.ToString();
    }

    public string? InstanceId { get; }

    /// <summary>The instance's status when the operation was refused.</summary>
    public string? Status { get; }
}

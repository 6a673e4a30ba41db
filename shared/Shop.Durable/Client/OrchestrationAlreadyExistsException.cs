namespace Shop.Durable;

/// <summary>An instance with the requested id is already Pending, Running or Suspended.</summary>
public sealed class OrchestrationAlreadyExistsException : OrchestrationStateException
{
    public OrchestrationAlreadyExistsException()
        : this("An orchestration instance with this id is already running.")
    {
    }

    public OrchestrationAlreadyExistsException(string message)
        : base(message)
    {
    }

    public OrchestrationAlreadyExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal OrchestrationAlreadyExistsException(string instanceId, InstanceStatus status)
        : base(instanceId, status, $"An orchestration instance '{instanceId}' already exists and is {status}.")
    {
    }
}

namespace Shop.Durable;

/// <summary>No orchestration instance has the given id.</summary>
public sealed class OrchestrationNotFoundException : Exception
{
    public OrchestrationNotFoundException()
        : this("The orchestration instance was not found.")
    {
    }

    public OrchestrationNotFoundException(string message)
        : base(message)
    {
    }

    public OrchestrationNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static OrchestrationNotFoundException For(string instanceId) =>
        new($"No orchestration instance '{instanceId}' exists.") { InstanceId = instanceId };

    public string? InstanceId { get; private init; }
}

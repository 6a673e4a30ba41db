namespace Shop.Durable;

/// <summary>
/// A replay scheduled something other than what the history recorded: the orchestrator's code changed under a
/// running instance, or it is not deterministic (see the replay rules on <see cref="TaskOrchestrator{TInput, TOutput}"/>).
/// The instance fails with this error.
/// </summary>
public sealed class NonDeterministicOrchestrationException : Exception
{
    public NonDeterministicOrchestrationException()
        : this("Non-deterministic workflow detected.")
    {
    }

    public NonDeterministicOrchestrationException(string message)
        : base(message)
    {
    }

    public NonDeterministicOrchestrationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

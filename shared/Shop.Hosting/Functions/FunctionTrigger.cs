namespace Shop.Hosting.Functions;

/// <summary>What starts a function: an HTTP request, a queue message, a timer, or (Durable Functions) an orchestration or activity.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP trigger. <paramref name="Route"/> is relative to the host's route prefix (<c>api</c>).</summary>
public sealed record HttpTrigger(IReadOnlyList<string> Methods, string Route, FunctionAuth Auth) : FunctionTrigger;

/// <summary>A queue trigger on <paramref name="QueueName"/> in the storage account named by <paramref name="Connection"/>.</summary>
public sealed record QueueTrigger(string QueueName, string Connection) : FunctionTrigger;

/// <summary>
/// A timer trigger with a 6-field NCRONTAB <paramref name="Schedule"/> (seconds first, UTC).
/// The schedule may be a <c>%Setting%</c> expression resolved from settings.
/// </summary>
public sealed record TimerTrigger(string Schedule, bool RunOnStartup) : FunctionTrigger;

/// <summary>A Durable Functions orchestrator (<c>[OrchestrationTrigger] TaskOrchestrationContext</c>).</summary>
public sealed record OrchestrationTrigger : FunctionTrigger;

/// <summary>A Durable Functions activity (<c>[ActivityTrigger]</c>); <paramref name="InputType"/> is the trigger parameter's type.</summary>
public sealed record ActivityTrigger(Type InputType) : FunctionTrigger;

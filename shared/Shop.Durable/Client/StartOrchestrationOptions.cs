namespace Shop.Durable;

/// <summary>Options for starting an orchestration.</summary>
/// <param name="InstanceId">
/// The instance id (default: a new random id). Starting an id whose instance is still Pending, Running or Suspended
/// is refused with <see cref="OrchestrationAlreadyExistsException"/>; a finished one is started afresh.
/// </param>
/// <param name="StartAt">When to start (default: now).</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null);

namespace Shop.Durable;

/// <summary>Options for starting an orchestration.</summary>
/// <param name="InstanceId">
/// The instance id (default: a new random id). Starting an id whose instance is still Pending, Running or Suspended
/// is refused with <see cref="OrchestrationAlreadyExistsException"/>; a finished one is started afresh unless its
/// status is in <see cref="DedupeStatuses"/>.
/// </param>
/// <param name="StartAt">When to start (default: now).</param>
public sealed record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
{
    /// <summary>
    /// Finished statuses that also refuse a start of the same id (<see cref="OrchestrationAlreadyExistsException"/>)
    /// instead of restarting it, as <c>WithDedupeStatuses</c> does in the Durable Task SDK. A caller that starts an
    /// id at most once (an order's workflow) passes every terminal status and needs no read before the start.
    /// </summary>
    public IReadOnlyCollection<OrchestrationRuntimeStatus> DedupeStatuses { get; init; } = [];

    /// <summary>These options with <paramref name="statuses"/> deduplicated.</summary>
    public StartOrchestrationOptions WithDedupeStatuses(params OrchestrationRuntimeStatus[] statuses) => this with { DedupeStatuses = statuses };
}

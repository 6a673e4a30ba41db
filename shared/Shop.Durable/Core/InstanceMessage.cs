using System.Text.Json.Serialization;

namespace Shop.Durable.Core;

/// <summary>
/// A message to one instance, handled in-process by its actor or carried by a control or work-item queue.
/// </summary>
internal sealed record InstanceMessage
{
    public required MessageKind Kind { get; init; }

    public required string InstanceId { get; init; }

    public int Generation { get; init; }

    public int TaskId { get; init; }

    /// <summary>Orchestrator, activity or event name.</summary>
    public string? Name { get; init; }

    /// <summary>Input, result, event payload or reason (JSON text or a blob token).</summary>
    public string? Payload { get; init; }

    public FailureRecord? Failure { get; init; }

    public DateTime? FireAt { get; init; }

    public string? EventId { get; init; }

    public string? ExecutionId { get; init; }

    public string? ParentInstanceId { get; init; }

    public string? ParentName { get; init; }

    public int ParentTaskId { get; init; }

    public int ParentGeneration { get; init; }

    /// <summary>Cleanup: the outbox entry that is done.</summary>
    public string? EntryId { get; init; }

    /// <summary>Refuse (rather than ignore) an operation the instance's status does not allow.</summary>
    public bool Strict { get; init; }

    /// <summary>Start: the Instances row was just inserted, so no history exists yet.</summary>
    [JsonIgnore]
    public bool IsNew { get; init; }

    /// <summary>Start: the Instances row's ETag after the insert.</summary>
    [JsonIgnore]
    public Azure.ETag? ProjectionETag { get; init; }

    /// <summary>Start: the ETag of the instance's work index row as the start wrote it (see <see cref="Storage.WorkIndex"/>).</summary>
    [JsonIgnore]
    public Azure.ETag? WorkETag { get; init; }

    /// <summary>Completed once the message is committed (or known to be a duplicate); faulted when refused.</summary>
    [JsonIgnore]
    public TaskCompletionSource? Ack { get; init; }

    public static InstanceMessage WithAck(InstanceMessage message) =>
        message with { Ack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
}

using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace Shop.Durable.Storage;

/// <summary>
/// A row of the Instances table (PartitionKey = instance id, RowKey <c>instance.{id}</c>): the queryable projection of an
/// instance's status. The History table's state row is the truth; this row follows it after each visible change.
/// </summary>
internal sealed record InstanceRecord
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public InstanceStatus RuntimeStatus { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastUpdatedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    public DateTime? ScheduledStartAt { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public string? FailureDetails { get; init; }

    public required string ExecutionId { get; init; }

    public string? ParentInstanceId { get; init; }

    public string? ParentName { get; init; }

    public int ParentTaskId { get; init; }

    public int ParentGeneration { get; init; }

    public long Version { get; init; }

    public ETag ETag { get; init; }

    public DateTimeOffset? Timestamp { get; init; }

    public FailureRecord? Failure => FailureDetails is null || PayloadStore.IsToken(FailureDetails)
        ? null
        : JsonSerializer.Deserialize<FailureRecord>(FailureDetails, DurableJson.Records);

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(InstanceId, DurableStore.InstanceRowKey(InstanceId))
        {
            ["Name"] = Name,
            ["RuntimeStatus"] = RuntimeStatus.ToString(),
            ["CreatedAt"] = CreatedAt,
            ["LastUpdatedAt"] = LastUpdatedAt,
            ["CompletedAt"] = CompletedAt,
            ["ScheduledStartAt"] = ScheduledStartAt,
            ["Input"] = Input,
            ["Output"] = Output,
            ["CustomStatus"] = CustomStatus,
            ["FailureDetails"] = FailureDetails,
            ["ExecutionId"] = ExecutionId,
            ["ParentInstanceId"] = ParentInstanceId,
            ["ParentName"] = ParentName,
            ["ParentTaskId"] = ParentTaskId,
            ["ParentGeneration"] = ParentGeneration,
            ["Version"] = Version,
        };
        StorageLimits.Validate(entity);
        return entity;
    }

    /// <summary>Merges write "" to clear a value (a merge keeps properties it does not send).</summary>
    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public static InstanceRecord FromEntity(TableEntity entity)
    {
        var status = Enum.TryParse<InstanceStatus>(entity.GetString("RuntimeStatus"), out var parsed) ? parsed : InstanceStatus.Pending;
        return FromEntity(entity, status);
    }

    private static InstanceRecord FromEntity(TableEntity entity, InstanceStatus status) => new()
    {
        InstanceId = entity.PartitionKey,
        Name = entity.GetString("Name") ?? string.Empty,
        RuntimeStatus = status,
        CreatedAt = entity.GetDateTime("CreatedAt") ?? DateTime.MinValue,
        LastUpdatedAt = entity.GetDateTime("LastUpdatedAt") ?? DateTime.MinValue,
        CompletedAt = status.IsTerminal() ? entity.GetDateTime("CompletedAt") : null,
        ScheduledStartAt = entity.GetDateTime("ScheduledStartAt"),
        Input = entity.GetString("Input"),
        Output = NullIfEmpty(entity.GetString("Output")),
        CustomStatus = NullIfEmpty(entity.GetString("CustomStatus")),
        FailureDetails = NullIfEmpty(entity.GetString("FailureDetails")),
        ExecutionId = entity.GetString("ExecutionId") ?? string.Empty,
        ParentInstanceId = entity.GetString("ParentInstanceId"),
        ParentName = entity.GetString("ParentName"),
        ParentTaskId = entity.GetInt32("ParentTaskId") ?? 0,
        ParentGeneration = entity.GetInt32("ParentGeneration") ?? 0,
        Version = entity.GetInt64("Version") ?? 0,
        ETag = entity.ETag,
        Timestamp = entity.Timestamp,
    };
}

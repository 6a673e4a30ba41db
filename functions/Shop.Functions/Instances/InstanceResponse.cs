using System.Text.Json;
using Shop.Durable;

namespace Shop.Functions.Instances;

/// <summary>An orchestration instance as the admin API shows it.</summary>
public sealed record InstanceResponse(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ScheduledStartAt,
    string? ParentInstanceId,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? CustomStatus,
    TaskFailureDetails? FailureDetails,
    IReadOnlyList<InstanceHistoryEventResponse>? History);

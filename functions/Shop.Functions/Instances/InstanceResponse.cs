using System.Text.Json;
using Microsoft.DurableTask.Client;

namespace Shop.Functions.Instances;

/// <summary>An orchestration instance as the admin API shows it.</summary>
/// <param name="CompletedAt">When it finished (its last update, once completed, failed or terminated).</param>
public sealed record InstanceResponse(
    string InstanceId,
    string Name,
    OrchestrationRuntimeStatus RuntimeStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    DateTimeOffset? CompletedAt,
    JsonElement? Input,
    JsonElement? Output,
    JsonElement? CustomStatus,
    InstanceFailureResponse? FailureDetails,
    IReadOnlyList<InstanceHistoryEventResponse>? History);

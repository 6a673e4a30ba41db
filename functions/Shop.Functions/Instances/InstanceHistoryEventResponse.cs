using System.Text.Json;
using Shop.Durable;

namespace Shop.Functions.Instances;

/// <summary>One event of an instance's history.</summary>
public sealed record InstanceHistoryEventResponse(
    int Sequence,
    HistoryEventType EventType,
    DateTime Timestamp,
    int? TaskId,
    string? Name,
    JsonElement? Input,
    JsonElement? Result,
    TaskFailureDetails? Failure,
    DateTime? FireAt,
    string? InstanceId,
    string? Reason,
    OrchestrationRuntimeStatus? Status);

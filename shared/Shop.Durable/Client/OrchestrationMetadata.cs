using System.Text.Json;

namespace Shop.Durable;

/// <summary>The status of an orchestration instance, as <see cref="DurableTaskClient.GetInstanceAsync"/> returns it.</summary>
public sealed class OrchestrationMetadata
{
    private readonly JsonSerializerOptions _json;

    internal OrchestrationMetadata(string instanceId, TaskName name, JsonSerializerOptions json)
    {
        InstanceId = instanceId;
        Name = name;
        _json = json;
    }

    public string InstanceId { get; }

    public TaskName Name { get; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>The requested start time, for an instance scheduled to start later.</summary>
    public DateTimeOffset? ScheduledStartAt { get; init; }

    /// <summary>The parent's instance id when this is a sub-orchestration.</summary>
    public string? ParentInstanceId { get; init; }

    /// <summary>The input as JSON.</summary>
    public string? SerializedInput { get; init; }

    /// <summary>The output as JSON (Completed), or the reason (Terminated).</summary>
    public string? SerializedOutput { get; init; }

    /// <summary>The custom status as JSON.</summary>
    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed (Failed only).</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    public bool IsRunning => RuntimeStatus is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended or OrchestrationRuntimeStatus.Pending;

    public bool IsCompleted => RuntimeStatus.IsTerminal();

    public T? ReadInputAs<T>() => Read<T>(SerializedInput);

    public T? ReadOutputAs<T>() => Read<T>(SerializedOutput);

    public T? ReadCustomStatusAs<T>() => Read<T>(SerializedCustomStatus);

    public override string ToString() => $"{Name} '{InstanceId}': {RuntimeStatus}";

    private T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, _json);
}

using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Shop.Durable.Core;
using Shop.Durable.Storage;

namespace Shop.Durable;

/// <summary>
/// Starts and manages orchestration instances (the Durable Task Framework's <c>DurableTaskClient</c>).
/// Inject it where you need it, e.g. in an HTTP function:
/// <code>
/// var id = await client.ScheduleNewOrchestrationInstanceAsync("PlaceOrder", order, new StartOrchestrationOptions($"order-{order.Id}"));
/// </code>
/// </summary>
public sealed class DurableTaskClient
{
    private readonly DurableEngine _engine;

    internal DurableTaskClient(DurableEngine engine)
    {
        _engine = engine;
    }

    /// <summary>
    /// Starts a new instance of <paramref name="orchestratorName"/> and returns its id without waiting for it to run.
    /// </summary>
    /// <exception cref="ArgumentException">No orchestrator of that name is registered, or the id is not valid.</exception>
    /// <exception cref="OrchestrationAlreadyExistsException">
    /// An instance with that id is Pending, Running or Suspended, or finished with a status in
    /// <see cref="StartOrchestrationOptions.DedupeStatuses"/>.
    /// </exception>
    public async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        if (!_engine.Registry.Orchestrators.ContainsKey(orchestratorName))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        StorageLimits.ValidateInstanceId(instanceId, nameof(options));
        var id = await _engine.ScheduleAsync(orchestratorName, instanceId, DurableJson.Serialize(input), options?.StartAt, null, 0, 0, throwIfRunning: true, cancellationToken, options?.DedupeStatuses);
        return id!;
    }

    /// <summary>The instance's status, or null when there is none. Inputs and outputs only with <paramref name="getInputsAndOutputs"/>.</summary>
    public async Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (!IsValidId(instanceId))
        {
            return null;
        }

        var record = await _engine.Store.ReadInstanceAsync(instanceId, cancellationToken);
        return record is null ? null : await ToMetadataAsync(record, getInputsAndOutputs, cancellationToken);
    }

    /// <summary>The history of the instance's current execution (payloads resolved); null when there is none yet.</summary>
    public async Task<IReadOnlyList<HistoryEvent>?> GetInstanceHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (!IsValidId(instanceId))
        {
            return null;
        }

        var events = await _engine.Store.ReadHistoryAsync(instanceId, cancellationToken);
        if (events is null)
        {
            return null;
        }

        var resolved = new List<HistoryEvent>(events.Count);
        foreach (var e in events)
        {
            resolved.Add(e with
            {
                Input = await _engine.Store.Payloads.ResolveAsync(e.Input, cancellationToken),
                Result = await _engine.Store.Payloads.ResolveAsync(e.Result, cancellationToken),
            });
        }

        return resolved;
    }

    /// <summary>One page of instances matching <paramref name="query"/>.</summary>
    public async Task<OrchestrationQueryResult> QueryInstancesAsync(OrchestrationQuery? query = null, CancellationToken cancellationToken = default)
    {
        query ??= new OrchestrationQuery();
        if (query.PageSize is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.PageSize, "The page size must be 1-1000.");
        }

        var (records, continuation) = await _engine.Store.QueryInstancesAsync(Filter(query), query.PageSize, query.ContinuationToken, cancellationToken: cancellationToken);
        var instances = new List<OrchestrationMetadata>(records.Count);
        foreach (var record in records)
        {
            instances.Add(await ToMetadataAsync(record, query.FetchInputsAndOutputs, cancellationToken));
        }

        return new OrchestrationQueryResult(instances, continuation);
    }

    /// <summary>Every instance matching <paramref name="query"/>, page by page.</summary>
    public AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? query = null) => new InstancePages(this, query ?? new OrchestrationQuery());

    /// <summary>Raises an event to an instance (delivered to its <c>WaitForExternalEvent</c>, or kept until it waits).</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStateException">The instance has finished (or has not started yet).</exception>
    public Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        return SendAsync(new InstanceMessage
        {
            Kind = MessageKind.EventRaised,
            InstanceId = instanceId,
            Name = eventName,
            EventId = Guid.NewGuid().ToString("N"),
            Payload = DurableJson.Serialize(eventPayload),
        }, cancellationToken);
    }

    /// <summary>Stops an instance; <paramref name="output"/> becomes its output.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStateException">The instance has already finished.</exception>
    public Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellationToken = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Terminate, InstanceId = instanceId, Payload = DurableJson.Serialize(output) }, cancellationToken);

    /// <summary>Pauses a running instance: events and results that arrive meanwhile are kept until it resumes.</summary>
    /// <exception cref="OrchestrationStateException">The instance is not running.</exception>
    public Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Suspend, InstanceId = instanceId, Payload = reason }, cancellationToken);

    /// <summary>Resumes a suspended instance.</summary>
    /// <exception cref="OrchestrationStateException">The instance is not suspended.</exception>
    public Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Resume, InstanceId = instanceId, Payload = reason }, cancellationToken);

    /// <summary>
    /// Re-runs a failed instance from its last failure: the failures of the episode that ended it are set aside and
    /// the failed activities and sub-orchestrations (and anything else still open) run again.
    /// </summary>
    /// <exception cref="OrchestrationStateException">The instance has not failed.</exception>
    public Task RewindInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellationToken = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Rewind, InstanceId = instanceId, Payload = reason }, cancellationToken);

    /// <summary>Deletes a finished instance: its history, status and payloads.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    /// <exception cref="OrchestrationStateException">The instance is still Pending, Running or Suspended.</exception>
    public async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        StorageLimits.ValidateInstanceId(instanceId);
        var record = await _engine.Store.ReadInstanceAsync(instanceId, cancellationToken) ?? throw OrchestrationNotFoundException.For(instanceId);
        if (!record.RuntimeStatus.IsTerminal())
        {
            throw new OrchestrationStateException(instanceId, record.RuntimeStatus, $"Instance '{instanceId}' is {record.RuntimeStatus}; only a finished instance can be purged.");
        }

        _engine.Evict(instanceId);
        await _engine.Store.PurgeAsync(instanceId, cancellationToken);
        return new PurgeResult(1);
    }

    /// <summary>Waits until the instance is Completed, Failed or Terminated and returns its status.</summary>
    /// <exception cref="OrchestrationNotFoundException">No such instance.</exception>
    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var signal = _engine.WaitForSignalAsync(instanceId);
            var metadata = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellationToken) ?? throw OrchestrationNotFoundException.For(instanceId);
            if (metadata.IsCompleted)
            {
                return metadata;
            }

            await Task.WhenAny(signal, Task.Delay(delay, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    private async Task SendAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        StorageLimits.ValidateInstanceId(message.InstanceId, "instanceId");
        await _engine.DeliverAsync(message with { Strict = true }).WaitAsync(cancellationToken);
    }

    private static bool IsValidId(string instanceId)
    {
        try
        {
            StorageLimits.ValidateInstanceId(instanceId);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private async Task<OrchestrationMetadata> ToMetadataAsync(InstanceRecord record, bool withPayloads, CancellationToken cancellationToken)
    {
        var payloads = _engine.Store.Payloads;
        async Task<string?> Read(string? value) => withPayloads ? await payloads.ResolveAsync(value, cancellationToken) : PayloadStore.IsToken(value) ? null : value;
        TaskFailureDetails? failure = null;
        if (record.FailureDetails is { } failureJson)
        {
            failure = JsonSerializer.Deserialize<TaskFailureDetails>(await payloads.ResolveAsync(failureJson, cancellationToken) ?? "null", DurableJson.Records);
        }

        return new OrchestrationMetadata(record.InstanceId, new TaskName(string.IsNullOrEmpty(record.Name) ? "unknown" : record.Name), DurableJson.Payloads)
        {
            RuntimeStatus = record.RuntimeStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(record.LastUpdatedAt, DateTimeKind.Utc)),
            CompletedAt = record.CompletedAt is { } completed ? new DateTimeOffset(DateTime.SpecifyKind(completed, DateTimeKind.Utc)) : null,
            ScheduledStartAt = record.ScheduledStartAt is { } start ? new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc)) : null,
            ParentInstanceId = record.ParentInstanceId,
            SerializedInput = withPayloads ? await Read(record.Input) : null,
            SerializedOutput = withPayloads ? await Read(record.Output) : null,
            SerializedCustomStatus = await payloads.ResolveAsync(record.CustomStatus, cancellationToken),
            FailureDetails = failure,
        };
    }

    private static string? Filter(OrchestrationQuery query)
    {
        var parts = new List<string>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {s.ToString()}"))) + ")");
        }

        if (query.CreatedFrom is { } from)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt ge {from.UtcDateTime}"));
        }

        if (query.CreatedTo is { } to)
        {
            parts.Add(TableClient.CreateQueryFilter($"CreatedAt lt {to.UtcDateTime}"));
        }

        return parts.Count == 0 ? null : string.Join(" and ", parts);
    }

    private sealed class InstancePages(DurableTaskClient client, OrchestrationQuery query) : AsyncPageable<OrchestrationMetadata>
    {
        public override async IAsyncEnumerable<Page<OrchestrationMetadata>> AsPages(string? continuationToken = null, int? pageSizeHint = null)
        {
            var next = query with { ContinuationToken = continuationToken ?? query.ContinuationToken, PageSize = pageSizeHint ?? query.PageSize };
            do
            {
                var page = await client.QueryInstancesAsync(next);
                yield return Page<OrchestrationMetadata>.FromValues(page.Instances, page.ContinuationToken, null!);
                next = next with { ContinuationToken = page.ContinuationToken };
            }
            while (next.ContinuationToken is not null);
        }
    }
}

using System.Text.Json;
using Azure.Data.Tables;
using DurableTask.Core.History;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Durable.Core;
using Shop.Durable.Storage;
using CoreHistoryEvent = DurableTask.Core.History.HistoryEvent;
using RuntimeStatus = Microsoft.DurableTask.Client.OrchestrationRuntimeStatus;

namespace Shop.Durable;

/// <summary>
/// Microsoft's <see cref="DurableTaskClient"/> over the embedded backend: start, query, signal and manage
/// orchestration instances. The app's code takes a <see cref="DurableTaskClient"/> and cannot tell this backend from
/// Durable Functions'. An unknown instance is an <see cref="OrchestrationNotFoundException"/>; an operation its status
/// does not allow is an <see cref="OrchestrationStateException"/> (both are an <see cref="InvalidOperationException"/>
/// or an <see cref="ArgumentException"/>, as Microsoft's clients throw).
/// </summary>
public sealed class EmbeddedDurableTaskClient : DurableTaskClient
{
    private readonly DurableEngine _engine;

    internal EmbeddedDurableTaskClient(DurableEngine engine)
        : base("embedded")
    {
        _engine = engine;
    }

    /// <summary>
    /// Starts a new instance of <paramref name="orchestratorName"/> (at <see cref="StartOrchestrationOptions.StartAt"/>
    /// if given). An instance id that is pending, running or suspended is refused with
    /// <see cref="OrchestrationAlreadyExistsException"/>, as is a finished one whose status is in
    /// <see cref="StartOrchestrationOptions.DedupeStatuses"/>; a finished one is otherwise started again.
    /// </summary>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName,
        object? input = null,
        StartOrchestrationOptions? options = null,
        CancellationToken cancellation = default)
    {
        if (!_engine.Tasks.TryCreateOrchestrator(orchestratorName, _engine.Services, out _))
        {
            throw new ArgumentException($"No orchestrator named '{orchestratorName}' is registered.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        StorageLimits.ValidateInstanceId(instanceId, nameof(options));
        var dedupe = options?.DedupeStatuses?.Select(s => Enum.Parse<InstanceStatus>(s, ignoreCase: true)).ToList();
        var id = await _engine.ScheduleAsync(orchestratorName, instanceId, DurableJson.Serialize(input), options?.StartAt, null, 0, 0, throwIfRunning: true, cancellation, dedupe);
        return id!;
    }

    /// <summary>The instance, or null when no instance has this id.</summary>
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        if (!IsValidId(instanceId))
        {
            return null;
        }

        var record = await _engine.Store.ReadInstanceAsync(instanceId, cancellation);
        return record is null ? null : await ToMetadataAsync(record, getInputsAndOutputs, cancellation);
    }

    /// <summary>The instances that match <paramref name="filter"/> (statuses, creation time), a page at a time.</summary>
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        var query = filter ?? new OrchestrationQuery();
        return Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var size = pageSize ?? query.PageSize;
            if (size is < 1 or > 1000)
            {
                throw new ArgumentOutOfRangeException(nameof(filter), size, "The page size must be 1-1000.");
            }

            var (records, next) = await _engine.Store.QueryInstancesAsync(Filter(query), size, continuation ?? query.ContinuationToken, cancellationToken: cancellation);
            var instances = new List<OrchestrationMetadata>(records.Count);
            foreach (var record in records)
            {
                instances.Add(await ToMetadataAsync(record, query.FetchInputsAndOutputs, cancellation));
            }

            return new Page<OrchestrationMetadata>(instances, next);
        });
    }

    /// <summary>The instance's history (the current execution), in Durable Task Framework events.</summary>
    /// <exception cref="OrchestrationNotFoundException">No instance has this id.</exception>
    public override async Task<IList<CoreHistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        var events = await ReadHistoryAsync(instanceId, cancellation);
        if (events is null)
        {
            // Accepted and not run yet: no history. Unknown: an error.
            return await GetInstancesAsync(instanceId, cancellation: cancellation) is null ? throw OrchestrationNotFoundException.For(instanceId) : [];
        }

        return events.Select(e => CoreHistory.From(e, instanceId)).OfType<CoreHistoryEvent>().ToList();
    }

    /// <summary>The instance's stored history with its payloads, or null when no instance has this id.</summary>
    internal async Task<IReadOnlyList<HistoryEvent>?> ReadHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var events = IsValidId(instanceId) ? await _engine.Store.ReadHistoryAsync(instanceId, cancellation) : null;
        if (events is null)
        {
            return null;
        }

        var resolved = new List<HistoryEvent>(events.Count);
        foreach (var e in events)
        {
            resolved.Add(e with
            {
                Input = await _engine.Store.Payloads.ResolveAsync(e.Input, cancellation),
                Result = await _engine.Store.Payloads.ResolveAsync(e.Result, cancellation),
            });
        }

        return resolved;
    }

    /// <summary>Raises <paramref name="eventName"/> to a pending, running or suspended instance (kept until it is waited for).</summary>
    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
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
        }, cancellation);
    }

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Terminate, InstanceId = instanceId, Payload = DurableJson.Serialize(options?.Output) }, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Suspend, InstanceId = instanceId, Payload = reason }, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Resume, InstanceId = instanceId, Payload = reason }, cancellation);

    /// <summary>Re-runs a failed instance from its last failure: the failed calls run again.</summary>
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default) =>
        SendAsync(new InstanceMessage { Kind = MessageKind.Rewind, InstanceId = instanceId, Payload = reason }, cancellation);

    /// <summary>Deletes a finished instance with its history.</summary>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        StorageLimits.ValidateInstanceId(instanceId);
        var record = await _engine.Store.ReadInstanceAsync(instanceId, cancellation) ?? throw OrchestrationNotFoundException.For(instanceId);
        if (!record.RuntimeStatus.IsTerminal())
        {
            throw new OrchestrationStateException(instanceId, record.RuntimeStatus, $"Instance '{instanceId}' is {record.RuntimeStatus}; only a finished instance can be purged.");
        }

        _engine.Evict(instanceId);
        return new PurgeResult(await _engine.Store.PurgeAsync(instanceId, record.ETag, cancellation) ? 1 : 0);
    }

    /// <summary>
    /// Deletes the finished instances (Completed, Failed or Terminated, of <see cref="PurgeInstancesFilter.Statuses"/>
    /// when given) created in [<see cref="PurgeInstancesFilter.CreatedFrom"/>, <see cref="PurgeInstancesFilter.CreatedTo"/>),
    /// with their histories; never an instance that is pending, running or suspended, whatever the filter says. It reads
    /// the finished index (<see cref="FinishedIndex"/>) for the days the filter covers, never the Instances or History
    /// table. Stops after <see cref="PurgeInstancesFilter.Timeout"/> with <see cref="PurgeResult.IsComplete"/> false.
    /// Running it again is harmless: what is purged is gone from the index.
    /// </summary>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var statuses = (filter.Statuses ?? [RuntimeStatus.Completed, RuntimeStatus.Failed, RuntimeStatus.Terminated])
            .Select(s => (InstanceStatus)(int)s)
            .Where(s => s.IsTerminal())
            .ToHashSet();
        var from = filter.CreatedFrom?.UtcDateTime;
        var to = filter.CreatedTo?.UtcDateTime ?? _engine.UtcNow;
        var stopAt = filter.Timeout is { } timeout ? _engine.UtcNow + timeout : DateTime.MaxValue;
        var purged = 0;
        string? continuation = null;
        do
        {
            var (entries, next) = await _engine.Store.Finished.ReadPageAsync(from, to, 500, continuation, cancellation);
            continuation = next;
            foreach (var entry in entries.Where(e => e.CreatedAt < to && (from is null || e.CreatedAt >= from)))
            {
                if (_engine.UtcNow >= stopAt)
                {
                    return new PurgeResult(purged, false);
                }

                if (await PurgeFinishedAsync(entry, statuses, from, to, cancellation))
                {
                    purged++;
                }
            }
        }
        while (continuation is not null && statuses.Count > 0);
        return new PurgeResult(purged, true);
    }

    /// <summary>
    /// Purges the instance of a finished-index row if it is finished with one of <paramref name="statuses"/> and was
    /// created in the filter's range; drops a row that no longer stands for the instance's execution (restarted, or
    /// purged: a purge that stopped midway is finished first).
    /// </summary>
    private async Task<bool> PurgeFinishedAsync(FinishedIndexEntry entry, HashSet<InstanceStatus> statuses, DateTime? from, DateTime to, CancellationToken cancellation)
    {
        var record = await _engine.Store.ReadInstanceAsync(entry.InstanceId, cancellation);
        if (record is null || record.ExecutionId != entry.ExecutionId)
        {
            if (record is null)
            {
                await _engine.Store.PurgeAsync(entry.InstanceId, null, cancellation);
            }

            await _engine.Store.Finished.DeleteAsync(entry.Bucket, entry.InstanceId, entry.ETag, cancellation);
            return false;
        }

        if (!record.RuntimeStatus.IsTerminal() || !statuses.Contains(record.RuntimeStatus) || record.CreatedAt >= to || record.CreatedAt < from)
        {
            return false;
        }

        _engine.Evict(entry.InstanceId);
        return await _engine.Store.PurgeAsync(entry.InstanceId, record.ETag, cancellation);
    }

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.RuntimeStatus != RuntimeStatus.Pending, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        WaitAsync(instanceId, getInputsAndOutputs, m => m.IsCompleted, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async Task<OrchestrationMetadata> WaitAsync(string instanceId, bool getInputsAndOutputs, Func<OrchestrationMetadata, bool> done, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instanceId);
        var delay = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            var signal = _engine.WaitForSignalAsync(instanceId);
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation) ?? throw OrchestrationNotFoundException.For(instanceId);
            if (done(metadata))
            {
                return metadata;
            }

            await Task.WhenAny(signal, Task.Delay(delay, cancellation));
            cancellation.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    private async Task SendAsync(InstanceMessage message, CancellationToken cancellation)
    {
        StorageLimits.ValidateInstanceId(message.InstanceId, "instanceId");
        await _engine.DeliverAsync(message with { Strict = true }).WaitAsync(cancellation);
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

    private async Task<OrchestrationMetadata> ToMetadataAsync(InstanceRecord record, bool withPayloads, CancellationToken cancellation)
    {
        var payloads = _engine.Store.Payloads;
        async Task<string?> Read(string? value) => withPayloads ? await payloads.ResolveAsync(value, cancellation) : PayloadStore.IsToken(value) ? null : value;
        TaskFailureDetails? failure = null;
        if (record.FailureDetails is { } failureJson)
        {
            failure = ToDetails(JsonSerializer.Deserialize<FailureRecord>(await payloads.ResolveAsync(failureJson, cancellation) ?? "null", DurableJson.Records));
        }

        return new OrchestrationMetadata(string.IsNullOrEmpty(record.Name) ? "unknown" : record.Name, record.InstanceId)
        {
            DataConverter = DurableJson.Converter,
            RuntimeStatus = (RuntimeStatus)(int)record.RuntimeStatus,
            CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(record.CreatedAt, DateTimeKind.Utc)),
            LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(record.LastUpdatedAt, DateTimeKind.Utc)),
            SerializedInput = withPayloads ? await Read(record.Input) : null,
            SerializedOutput = withPayloads ? await Read(record.Output) : null,
            SerializedCustomStatus = await payloads.ResolveAsync(record.CustomStatus, cancellation),
            FailureDetails = failure,
        };
    }

    private static TaskFailureDetails? ToDetails(FailureRecord? failure) => failure is null
        ? null
        : new TaskFailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, ToDetails(failure.InnerFailure), null);

    private static string? Filter(OrchestrationQuery query)
    {
        var parts = new List<string>();
        if (query.Statuses?.ToList() is { Count: > 0 } statuses)
        {
            parts.Add("(" + string.Join(" or ", statuses.Select(s => TableClient.CreateQueryFilter($"RuntimeStatus eq {((InstanceStatus)(int)s).ToString()}"))) + ")");
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
}

using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Durable.Storage;
using Shop.Hosting.Configuration;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// The engine of one process: routes messages to instance actors, runs the activities and other work that
/// committed episodes scheduled, sends durable timers, handles the engine's queue messages and sweeps for work
/// that a dead process left behind.
/// </summary>
internal sealed partial class DurableEngine : IDisposable
{
    /// <summary>The longest single timer message (queue visibility is limited to 7 days; longer timers are chained).</summary>
    public static readonly TimeSpan MaxTimerChunk = TimeSpan.FromDays(3);

    private const int MaxQueueMessageBytes = 45 * 1024;

    private readonly ConcurrentDictionary<string, InstanceActor> _actors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _completions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _activitySlots;
    private readonly QueueSender _queues;
    private readonly StorageClientFactory _storage;
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;
    private readonly CancellationTokenSource _stopping = new();
    private int _backlog;
    private IDurableTaskFactory? _tasks;
    private long _lastEvictionTicks;

    public DurableEngine(
        IOptions<DurableOptions> options,
        DurableStore store,
        QueueSender queues,
        StorageClientFactory storage,
        TimeProvider time,
        IServiceProvider services,
        ILoggerFactory loggers)
    {
        Options = options.Value;
        Store = store;
        _queues = queues;
        _storage = storage;
        _time = time;
        _services = services;
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        Logger = loggers.CreateLogger("Shop.Durable");
        _activitySlots = new SemaphoreSlim(Options.MaxConcurrentActivities);
        MaxDequeueCount = services.GetService<HostJson>()?.Queues.MaxDequeueCount ?? 5;
        CheckCatalog(services.GetService<FunctionCatalog>());
    }

    public DurableOptions Options { get; }

    /// <summary>The app's root services (orchestrators are created from them).</summary>
    public IServiceProvider Services => _services;

    /// <summary>The orchestrators and activities of the app's Durable Task worker (see <see cref="Attach"/>).</summary>
    public IDurableTaskFactory Tasks
    {
        get
        {
            if (_tasks is null)
            {
                // The worker is a hosted service: building the hosted services attaches it.
                _ = _services.GetServices<IHostedService>().ToList();
            }

            return _tasks ?? throw new InvalidOperationException("No Durable Task worker uses the embedded backend: register tasks with services.AddShopDurable(...).");
        }
    }

    public DurableStore Store { get; }

    public TaskHubNames Names => Store.Names;

    public ILogger Logger { get; }

    public DurableFaults Faults { get; } = new();

    public int MaxDequeueCount { get; }

    public DateTime UtcNow => _time.GetUtcNow().UtcDateTime;

    public OrchestrationExecutor CreateExecutor(string instanceId) => new(instanceId, Tasks, _services);

    /// <summary>Takes the tasks of the Durable Task worker built for this backend.</summary>
    public void Attach(IDurableTaskFactory tasks) => _tasks = tasks;

    // ---- Messages to instances ----

    /// <summary>Hands a message to the instance's actor and waits until it is committed (or refused).</summary>
    public Task DeliverAsync(InstanceMessage message)
    {
        var withAck = message.Ack is null ? InstanceMessage.WithAck(message) : message;
        Post(withAck);
        return withAck.Ack!.Task;
    }

    /// <summary>Hands a message to the instance's actor without waiting.</summary>
    public void Post(InstanceMessage message)
    {
        while (true)
        {
            var actor = _actors.GetOrAdd(message.InstanceId, id => new InstanceActor(this, id));
            if (actor.TryEnqueue(message))
            {
                break;
            }

            _actors.TryRemove(new KeyValuePair<string, InstanceActor>(message.InstanceId, actor));
        }

        EvictIdleActors();
    }

    /// <summary>True when this process is working on the instance right now.</summary>
    public bool IsBusy(string instanceId) => _actors.TryGetValue(instanceId, out var actor) && actor.IsBusy;

    public void OnActorIdle(InstanceActor actor)
    {
        if (actor.TryRetire(onlyIfFinished: true))
        {
            _actors.TryRemove(new KeyValuePair<string, InstanceActor>(actor.InstanceId, actor));
        }
    }

    /// <summary>Drops a cached instance (after a purge).</summary>
    public void Evict(string instanceId)
    {
        if (_actors.TryGetValue(instanceId, out var actor) && actor.TryRetire(onlyIfFinished: false))
        {
            _actors.TryRemove(new KeyValuePair<string, InstanceActor>(instanceId, actor));
        }
    }

    private void EvictIdleActors()
    {
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastEvictionTicks);
        if (_time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(30) || Interlocked.CompareExchange(ref _lastEvictionTicks, now, last) != last)
        {
            return;
        }

        var cutoff = UtcNow - Options.CacheIdleTimeout;
        foreach (var (id, actor) in _actors)
        {
            if (actor.LastActive < cutoff && actor.TryRetire(onlyIfFinished: false))
            {
                _actors.TryRemove(new KeyValuePair<string, InstanceActor>(id, actor));
            }
        }
    }

    // ---- Completion signals ----

    public void SignalCompleted(string instanceId)
    {
        if (_completions.TryRemove(instanceId, out var signal))
        {
            signal.TrySetResult();
        }
    }

    public Task WaitForSignalAsync(string instanceId) =>
        _completions.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    // ---- Starting instances ----

    /// <summary>
    /// Writes the Instances row of a new execution (refusing an id that is Pending, Running or Suspended, or finished
    /// with one of <paramref name="dedupeStatuses"/>) and starts
    /// it in this process, or at <paramref name="startAt"/> through a delayed control message.
    /// </summary>
    public async Task<string?> ScheduleAsync(
        TaskName name,
        string instanceId,
        string? serializedInput,
        DateTimeOffset? startAt,
        ParentOrchestrationInstance? parent,
        int parentTaskId,
        int parentGeneration,
        bool throwIfRunning,
        CancellationToken cancellationToken,
        IReadOnlyCollection<InstanceStatus>? dedupeStatuses = null)
    {
        StorageLimits.ValidateInstanceId(instanceId);
        var now = UtcNow;
        var delayed = startAt is { } at && at.UtcDateTime > now.AddSeconds(1);
        var record = new InstanceRecord
        {
            InstanceId = instanceId,
            Name = name.Name,
            // Started at once in this process: shown as Running straight away (one write fewer per instance).
            RuntimeStatus = delayed ? InstanceStatus.Pending : InstanceStatus.Running,
            CreatedAt = now,
            LastUpdatedAt = now,
            ScheduledStartAt = delayed ? startAt!.Value.UtcDateTime : null,
            Input = await Store.Payloads.ProtectAsync(instanceId, serializedInput, cancellationToken: cancellationToken),
            ExecutionId = Guid.NewGuid().ToString("N"),
            ParentInstanceId = parent?.InstanceId,
            ParentName = parent?.Name.Name,
            ParentTaskId = parentTaskId,
            ParentGeneration = parentGeneration,
            HasWork = true,
        };

        var etag = await Store.TryInsertInstanceAsync(record, cancellationToken);
        var isNew = etag is not null;
        while (etag is null)
        {
            var existing = await Store.ReadInstanceAsync(instanceId, cancellationToken);
            if (existing is null)
            {
                etag = await Store.TryInsertInstanceAsync(record, cancellationToken);
                isNew = etag is not null;
                continue;
            }

            if (!existing.RuntimeStatus.IsTerminal() || dedupeStatuses?.Contains(existing.RuntimeStatus) == true)
            {
                if (throwIfRunning)
                {
                    throw new OrchestrationAlreadyExistsException(instanceId, existing.RuntimeStatus);
                }

                return null;
            }

            record = record with { Version = existing.Version };
            etag = await Store.TryReplaceInstanceAsync(record, existing.ETag, cancellationToken);
        }

        if (delayed)
        {
            await SendControlAsync(new InstanceMessage { Kind = MessageKind.Start, InstanceId = instanceId, ExecutionId = record.ExecutionId, FireAt = record.ScheduledStartAt }, DelayUntil(record.ScheduledStartAt!.Value), cancellationToken);
            return instanceId;
        }

        Post(new InstanceMessage
        {
            Kind = MessageKind.Start,
            InstanceId = instanceId,
            Name = name.Name,
            Payload = serializedInput,
            ExecutionId = record.ExecutionId,
            ParentInstanceId = parent?.InstanceId,
            ParentName = parent?.Name.Name,
            ParentTaskId = parentTaskId,
            ParentGeneration = parentGeneration,
            IsNew = isNew,
            ProjectionETag = etag,
        });
        return instanceId;
    }

    // ---- Running scheduled work ----

    /// <summary>Runs a committed outbox entry in this process (in the background).</summary>
    public void Dispatch(InstanceActor actor, OutboxEntry entry)
    {
        if (Faults.SkipDispatch?.Invoke(actor.InstanceId, entry) == true)
        {
            return;
        }

        // Activities run on the thread pool (their code may be slow or synchronous); the rest is I/O.
        _ = entry.Kind == OutboxKind.Activity ? Task.Run(() => DispatchAsync(actor, entry)) : DispatchAsync(actor, entry);
    }

    private async Task DispatchAsync(InstanceActor actor, OutboxEntry entry)
    {
        var instanceId = actor.InstanceId;
        try
        {
            switch (entry.Kind)
            {
                case OutboxKind.Activity:
                    if (Interlocked.Increment(ref _backlog) > Options.MaxActivityBacklog)
                    {
                        Interlocked.Decrement(ref _backlog);
                        await SendWorkItemAsync(instanceId, entry);
                        actor.EntryFinished(entry.Id);
                        return;
                    }

                    InstanceMessage result;
                    try
                    {
                        result = await RunActivityAsync(instanceId, entry.Generation, entry.TaskId, entry.Name!, entry.Input);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref _backlog);
                    }

                    actor.EntryFinished(entry.Id);
                    Post(result);
                    return;
                case OutboxKind.Timer:
                    await WithRetriesAsync(() => SendTimerAsync(instanceId, entry.Generation, entry.TaskId, entry.FireAt ?? UtcNow));
                    break;
                case OutboxKind.SubOrchestration:
                    await DispatchSubOrchestrationAsync(instanceId, actor.OrchestratorName ?? "unknown", entry);
                    break;
                case OutboxKind.SendEvent:
                    await DeliverAsync(new InstanceMessage
                    {
                        Kind = MessageKind.EventRaised,
                        InstanceId = entry.TargetInstanceId!,
                        EventId = entry.EventId,
                        Name = entry.Name,
                        Payload = entry.Input,
                    });
                    break;
                case OutboxKind.NotifyParent:
                    await DeliverAsync(new InstanceMessage
                    {
                        Kind = MessageKind.SubOrchestrationResult,
                        InstanceId = entry.TargetInstanceId!,
                        Generation = entry.ParentGeneration,
                        TaskId = entry.TaskId,
                        Payload = entry.Result,
                        Failure = entry.Failure,
                    });
                    break;
            }

            actor.EntryFinished(entry.Id);
            Post(new InstanceMessage { Kind = MessageKind.Cleanup, InstanceId = instanceId, EntryId = entry.Id });
        }
        catch (Exception ex)
        {
            // The entry stays in the outbox; the recovery sweep runs it again.
            Log.DispatchFailed(Logger, ex, entry.Kind.ToString(), instanceId);
            actor.EntryFinished(entry.Id);
        }
    }

    private static async Task WithRetriesAsync(Func<Task> action)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }
    }

    /// <summary>Runs an activity (waiting for a free slot) and returns the result message.</summary>
    public async Task<InstanceMessage> RunActivityAsync(string instanceId, int generation, int taskId, string name, string? input)
    {
        var message = new InstanceMessage { Kind = MessageKind.ActivityResult, InstanceId = instanceId, Generation = generation, TaskId = taskId };
        await _activitySlots.WaitAsync(_stopping.Token);
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            if (!Tasks.TryCreateActivity(new TaskName(name), scope.ServiceProvider, out var activity))
            {
                return message with { Failure = new FailureRecord("ActivityNotFound", $"No activity named '{name}' is registered in this app.") };
            }

            var value = DurableJson.Deserialize(ActivityInput(await Store.Payloads.ResolveAsync(input)), activity.InputType);
            var output = await activity.RunAsync(new EmbeddedActivityContext(new TaskName(name), instanceId, taskId, generation), value);
            return message with { Payload = DurableJson.Serialize(output, activity.OutputType) };
        }
        catch (Exception ex) when (!_stopping.IsCancellationRequested)
        {
            Log.ActivityFailed(Logger, ex, name, instanceId, taskId);
            return message with { Failure = FailureRecord.FromException(ex) };
        }
        finally
        {
            _activitySlots.Release();
        }
    }

    /// <summary>
    /// An activity's input as its call recorded it: the Durable Task Framework schedules an activity with its
    /// parameters as a JSON array (<c>["Tokyo"]</c>), which Microsoft's activity shim unwraps the same way.
    /// </summary>
    private static string? ActivityInput(string? scheduled) =>
        scheduled is ['[', .., ']'] ? scheduled[1..^1] : scheduled;

    private async Task DispatchSubOrchestrationAsync(string parentId, string parentName, OutboxEntry entry)
    {
        var childId = entry.TargetInstanceId!;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var child = await Store.ReadInstanceAsync(childId);
            var ours = child is not null && child.ParentInstanceId == parentId && child.ParentTaskId == entry.TaskId && child.ParentGeneration == entry.Generation;
            if (child is null || (child.RuntimeStatus.IsTerminal() && !ours))
            {
                var started = await ScheduleAsync(
                    new TaskName(entry.Name!), childId, entry.Input, null, new ParentOrchestrationInstance(new TaskName(parentName), parentId),
                    entry.TaskId, entry.Generation, throwIfRunning: false, CancellationToken.None);
                if (started is not null)
                {
                    return;
                }

                continue;
            }

            if (!ours)
            {
                await NotifyParentAsync(parentId, entry, null, new FailureRecord(
                    typeof(OrchestrationAlreadyExistsException).FullName!, $"An orchestration instance '{childId}' already exists and is {child.RuntimeStatus}."));
                return;
            }

            switch (child.RuntimeStatus)
            {
                case InstanceStatus.Completed:
                    await NotifyParentAsync(parentId, entry, child.Output, null);
                    return;
                case InstanceStatus.Failed when entry.Rewind:
                    await DeliverAsync(new InstanceMessage { Kind = MessageKind.Rewind, InstanceId = childId, Payload = "The parent was rewound." });
                    return;
                case InstanceStatus.Failed:
                    await NotifyParentAsync(parentId, entry, null, child.Failure ?? new FailureRecord("Unknown", "The sub-orchestration failed."));
                    return;
                case InstanceStatus.Terminated:
                    await NotifyParentAsync(parentId, entry, null, new FailureRecord("OrchestrationTerminated", $"Sub-orchestration '{childId}' was terminated."));
                    return;
                default:
                    return; // running: it notifies the parent when it finishes
            }
        }
    }

    private Task NotifyParentAsync(string parentId, OutboxEntry entry, string? result, FailureRecord? failure) =>
        DeliverAsync(new InstanceMessage
        {
            Kind = MessageKind.SubOrchestrationResult,
            InstanceId = parentId,
            Generation = entry.Generation,
            TaskId = entry.TaskId,
            Payload = result,
            Failure = failure,
        });

    // ---- Queues ----

    /// <summary>Sends a timer message (at most <see cref="MaxTimerChunk"/> ahead; the handler chains the rest).</summary>
    public Task SendTimerAsync(string instanceId, int generation, int taskId, DateTime fireAt, CancellationToken cancellationToken = default) =>
        SendControlAsync(
            new InstanceMessage { Kind = MessageKind.TimerFired, InstanceId = instanceId, Generation = generation, TaskId = taskId, FireAt = fireAt },
            DelayUntil(fireAt),
            cancellationToken);

    /// <summary>The visibility delay of a message due at <paramref name="dueAt"/>: whole seconds, at most <see cref="MaxTimerChunk"/>.</summary>
    public TimeSpan DelayUntil(DateTime dueAt)
    {
        var delay = dueAt - UtcNow;
        if (delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return delay >= MaxTimerChunk ? MaxTimerChunk : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
    }

    public async Task SendControlAsync(InstanceMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var text = await SerializeForQueueAsync(message, cancellationToken);
        await _queues.SendAsync(Names.ControlQueueFor(message.InstanceId), text, delay is { } d && d > TimeSpan.Zero ? d : null, Options.Connection, cancellationToken);
    }

    private async Task SendWorkItemAsync(string instanceId, OutboxEntry entry)
    {
        var message = new InstanceMessage
        {
            Kind = MessageKind.RunActivity,
            InstanceId = instanceId,
            Generation = entry.Generation,
            TaskId = entry.TaskId,
            Name = entry.Name,
            Payload = entry.Input,
        };
        await _queues.SendAsync(Names.WorkItemQueue, await SerializeForQueueAsync(message, CancellationToken.None), null, Options.Connection);
    }

    private async Task<string> SerializeForQueueAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(message, DurableJson.Records);
        if (DurableStore.Utf8Length(text) <= MaxQueueMessageBytes)
        {
            return text;
        }

        var protectedPayload = await Store.Payloads.ProtectAsync(message.InstanceId, message.Payload, 0, cancellationToken);
        return JsonSerializer.Serialize(message with { Payload = protectedPayload, Failure = message.Failure is null ? null : DurableStore.Trim(message.Failure) }, DurableJson.Records);
    }

    /// <summary>A control-queue message: timers (chained), delayed starts, recovery and other cross-process messages.</summary>
    public Task HandleControlMessageAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        HandleQueueMessageAsync(invocation, HandleControlAsync, cancellationToken);

    /// <summary>A work-item message: an activity to run here (overflow from a busy process).</summary>
    public Task HandleWorkItemAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        HandleQueueMessageAsync(invocation, async (message, _) =>
        {
            var result = await RunActivityAsync(message.InstanceId, message.Generation, message.TaskId, message.Name ?? string.Empty, message.Payload);
            await DeliverAsync(result);
        }, cancellationToken);

    private async Task HandleQueueMessageAsync(QueueInvocation invocation, Func<InstanceMessage, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var instanceId = TryReadInstanceId(invocation.Message);
        try
        {
            var message = JsonSerializer.Deserialize<InstanceMessage>(invocation.Message, DurableJson.Records)
                ?? throw new JsonException("The message is empty.");
            await handle(message, cancellationToken);
        }
        catch (Exception ex) when (invocation.DequeueCount >= MaxDequeueCount && instanceId is not null && !cancellationToken.IsCancellationRequested)
        {
            // The last delivery: the host moves the message to the poison queue; the instance fails visibly.
            var reason = $"A message for this instance failed {invocation.DequeueCount} times and was moved to the poison queue: {ex.Message}";
            Log.Poisoned(Logger, ex, instanceId, invocation.MessageId);
            await FailInstanceAsync(instanceId, new FailureRecord("PoisonMessage", reason, null, FailureRecord.FromException(ex)), CancellationToken.None);
            throw;
        }
    }

    private async Task HandleControlAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case MessageKind.TimerFired:
            {
                var remaining = (message.FireAt ?? UtcNow) - UtcNow;
                if (remaining > TimeSpan.FromSeconds(1))
                {
                    // Not due yet: a chained chunk of a long timer.
                    await SendControlAsync(message, DelayUntil(message.FireAt!.Value), cancellationToken);
                    return;
                }

                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, _time, cancellationToken);
                }

                await DeliverAsync(message);
                return;
            }

            case MessageKind.Start:
            {
                var record = await Store.ReadInstanceAsync(message.InstanceId, cancellationToken);
                if (record is null || record.ExecutionId != message.ExecutionId || record.RuntimeStatus != InstanceStatus.Pending)
                {
                    return; // terminated, purged or restarted meanwhile
                }

                if (record.ScheduledStartAt is { } startAt && startAt - UtcNow > TimeSpan.FromSeconds(1))
                {
                    await SendControlAsync(message, DelayUntil(startAt), cancellationToken);
                    return;
                }

                await DeliverAsync(message with
                {
                    Name = record.Name,
                    Payload = record.Input,
                    ParentInstanceId = record.ParentInstanceId,
                    ParentName = record.ParentName,
                    ParentTaskId = record.ParentTaskId,
                    ParentGeneration = record.ParentGeneration,
                });
                return;
            }

            case MessageKind.RunActivity:
            {
                var result = await RunActivityAsync(message.InstanceId, message.Generation, message.TaskId, message.Name ?? string.Empty, message.Payload);
                await DeliverAsync(result);
                return;
            }

            default:
                await DeliverAsync(message with { Strict = false });
                return;
        }
    }

    private static string? TryReadInstanceId(string message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.TryGetProperty("instanceId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // ---- Failing an instance for good ----

    /// <summary>
    /// Marks an instance Failed with <paramref name="failure"/>. Goes through the actor when its history can be
    /// read; else (a corrupt instance) writes the failure straight into the state row.
    /// </summary>
    public async Task FailInstanceAsync(string instanceId, FailureRecord failure, CancellationToken cancellationToken)
    {
        try
        {
            await DeliverAsync(new InstanceMessage { Kind = MessageKind.Fail, InstanceId = instanceId, Failure = failure }).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ForceFailing(Logger, ex, instanceId);
        }

        await ForceFailAsync(instanceId, failure, cancellationToken);
    }

    private async Task ForceFailAsync(string instanceId, FailureRecord failure, CancellationToken cancellationToken)
    {
        var now = UtcNow;
        var failureJson = DurableStore.FailureJson(failure);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var row = await Store.ReadStateRowAsync(instanceId, cancellationToken);
            if (row is null)
            {
                break;
            }

            if (Enum.TryParse<InstanceStatus>(row.GetString("Status"), out var status) && status.IsTerminal())
            {
                return;
            }

            var generation = row.GetInt32("Generation") ?? 0;
            var episodes = row.GetInt32("Episodes") ?? 0;
            var events = row.GetInt32("EventCount") ?? 0;
            HistoryEvent[] recorded =
            [
                new() { Sequence = events, EventType = HistoryEventType.OrchestratorStarted, Timestamp = now },
                new() { Sequence = events + 1, EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Status = InstanceStatus.Failed, Failure = DurableStore.Trim(failure) },
            ];
            var history = new TableEntity(instanceId, InstanceState.HistoryRowKey(instanceId, generation, episodes))
            {
                ["FirstSequence"] = events,
                ["Count"] = recorded.Length,
            };
            BinaryProperty.Write(history, "Events", BinaryProperty.Encode(JsonSerializer.SerializeToUtf8Bytes(recorded, DurableJson.Records)));
            BinaryProperty.Remove(row, "Outbox");
            row.Remove("OutboxBlob");
            row["OutboxCount"] = 0;
            row["Status"] = nameof(InstanceStatus.Failed);
            row["Failure"] = failureJson;
            row["Episodes"] = episodes + 1;
            row["EventCount"] = events + recorded.Length;
            row["LastUpdatedAt"] = now;
            row["CompletedAt"] = now;
            row["Version"] = (row.GetInt64("Version") ?? 0) + 1;
            try
            {
                await Store.History.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, history),
                        new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag),
                    ],
                    cancellationToken);
                break;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = await Store.ReadInstanceAsync(instanceId, cancellationToken);
            if (record is null || record.RuntimeStatus.IsTerminal())
            {
                break;
            }

            var changes = new TableEntity(instanceId, DurableStore.InstanceRowKey(instanceId))
            {
                ["RuntimeStatus"] = nameof(InstanceStatus.Failed),
                ["FailureDetails"] = failureJson,
                ["LastUpdatedAt"] = now,
                ["CompletedAt"] = now,
                ["HasWork"] = false,
                ["Version"] = record.Version + 1,
            };
            if (await Store.TryMergeInstanceAsync(changes, record.ETag, cancellationToken) is not null)
            {
                break;
            }
        }

        Evict(instanceId);
        SignalCompleted(instanceId);
    }

    // ---- Recovery ----

    /// <summary>
    /// The recovery sweep: fails the instances of poisoned messages; re-runs the outbox of instances whose process
    /// died (no commit for <see cref="DurableOptions.RecoverAfter"/>); starts Pending instances whose start was lost;
    /// repairs Instances rows that lag behind their state row.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await SweepOnceAsync(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping; the next sweep (here or in another instance) picks up from the tables.
        }
    }

    private async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        await DrainPoisonQueuesAsync(cancellationToken);
        var now = UtcNow;
        string? continuation = null;
        do
        {
            var (records, next) = await Store.QueryInstancesAsync(
                "HasWork eq true or RuntimeStatus eq 'Pending'",
                500,
                continuation,
                ["PartitionKey", "RowKey", "RuntimeStatus", "ScheduledStartAt", "CreatedAt", "HasWork", "ExecutionId", "Version", "Name"],
                cancellationToken);
            continuation = next;
            foreach (var record in records)
            {
                if (IsBusy(record.InstanceId))
                {
                    continue;
                }

                try
                {
                    await SweepInstanceAsync(record, now, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.SweepFailed(Logger, ex, record.InstanceId);
                }
            }
        }
        while (continuation is not null);
    }

    private async Task SweepInstanceAsync(InstanceRecord record, DateTime now, CancellationToken cancellationToken)
    {
        if (record.RuntimeStatus == InstanceStatus.Pending && record.ScheduledStartAt is { } startAt && startAt > now)
        {
            return;
        }

        var row = await Store.ReadStateRowAsync(record.InstanceId, cancellationToken);
        if (row is null)
        {
            if (!record.RuntimeStatus.IsTerminal() && now - record.CreatedAt >= Options.RecoverAfter)
            {
                Log.Recovering(Logger, record.InstanceId, "its start never ran");
                await SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = record.InstanceId }, cancellationToken: cancellationToken);
            }

            return;
        }

        var state = await Store.ReadStateAsync(row, cancellationToken);
        if (state.ExecutionId != record.ExecutionId && !record.RuntimeStatus.IsTerminal())
        {
            if (now - record.CreatedAt >= Options.RecoverAfter)
            {
                Log.Recovering(Logger, record.InstanceId, "its restart never ran");
                await SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = record.InstanceId }, cancellationToken: cancellationToken);
            }

            return;
        }

        if (state.Outbox.Count > 0)
        {
            if (now - state.LastUpdatedAt >= Options.RecoverAfter)
            {
                Log.Recovering(Logger, record.InstanceId, $"{state.Outbox.Count} scheduled item(s) left since {state.LastUpdatedAt:O}");
                await SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = record.InstanceId }, cancellationToken: cancellationToken);
            }

            if (record.RuntimeStatus == state.Status)
            {
                return;
            }
        }

        if (record.Version > state.Version || state.ExecutionId != record.ExecutionId)
        {
            return;
        }

        // The Instances row lags behind the state row: bring it up to date.
        var changes = new TableEntity(record.InstanceId, DurableStore.InstanceRowKey(record.InstanceId))
        {
            ["RuntimeStatus"] = state.Status.ToString(),
            ["CustomStatus"] = state.CustomStatus ?? string.Empty,
            ["Output"] = state.Output ?? string.Empty,
            ["FailureDetails"] = DurableStore.FailureJson(state.Failure) ?? string.Empty,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["HasWork"] = state.Outbox.Count > 0,
            ["Version"] = state.Version,
        };
        if (state.CompletedAt is { } completedAt)
        {
            changes["CompletedAt"] = completedAt;
        }

        await Store.TryMergeInstanceAsync(changes, record.ETag, cancellationToken);
    }

    private async Task DrainPoisonQueuesAsync(CancellationToken cancellationToken)
    {
        foreach (var queueName in Names.AllQueues)
        {
            var poison = _storage.GetQueueClient(queueName + "-poison", Options.Connection);
            Azure.Storage.Queues.Models.QueueMessage[] messages;
            try
            {
                messages = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                continue;
            }

            foreach (var message in messages)
            {
                var text = message.Body.ToString();
                if (TryReadInstanceId(text) is { } instanceId)
                {
                    var record = await Store.ReadInstanceAsync(instanceId, cancellationToken);
                    if (record is not null && !record.RuntimeStatus.IsTerminal())
                    {
                        await FailInstanceAsync(instanceId, new FailureRecord(
                            "PoisonMessage",
                            $"A message for this instance was moved to '{poison.Name}' after {MaxDequeueCount} failed deliveries.",
                            null,
                            new FailureRecord("Message", text.Length > 2_000 ? text[..2_000] : text)), cancellationToken);
                    }
                }

                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }
    }

    private void CheckCatalog(FunctionCatalog? catalog)
    {
        if (catalog is null)
        {
            return;
        }

        var declared = catalog.Count(f => f.Name.StartsWith(DurableFunctions.ControlFunctionPrefix, StringComparison.Ordinal));
        if (declared > 0 && declared != Options.ControlQueueCount)
        {
            throw new InvalidOperationException(
                $"The app declares {declared} durable control-queue functions but Durable__ControlQueueCount is {Options.ControlQueueCount}; pass the same count to AddDurableFunctions.");
        }
    }

    /// <summary>Stops taking activities; the work in hand is left to the outbox and recovery.</summary>
    public void Dispose() => _stopping.Cancel();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Running a {Kind} entry of '{InstanceId}' failed; the recovery sweep will retry it")]
        public static partial void DispatchFailed(ILogger logger, Exception exception, string kind, string instanceId);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Activity '{Name}' of '{InstanceId}' (task {TaskId}) failed")]
        public static partial void ActivityFailed(ILogger logger, Exception exception, string name, string instanceId, int taskId);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Instance '{InstanceId}': message {MessageId} is poisoned; failing the instance")]
        public static partial void Poisoned(ILogger logger, Exception exception, string instanceId, string messageId);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Instance '{InstanceId}' could not be failed through its history; writing the failure directly")]
        public static partial void ForceFailing(ILogger logger, Exception exception, string instanceId);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Recovering instance '{InstanceId}': {Why}")]
        public static partial void Recovering(ILogger logger, string instanceId, string why);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "The recovery sweep failed for '{InstanceId}'")]
        public static partial void SweepFailed(ILogger logger, Exception exception, string instanceId);
    }
}

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
/// The engine of one process: routes messages to instance actors, starts instances and runs the work that committed
/// episodes scheduled. Its parts: <see cref="ActivityRunner"/> (activities), <see cref="EngineQueues"/> (timers and
/// the engine's queue messages), <see cref="InstanceFailure"/> (failing an instance for good) and
/// <see cref="RecoverySweep"/> (work a dead process left behind).
/// </summary>
internal sealed partial class DurableEngine : IDisposable
{
    /// <summary>The longest single timer message (queue visibility is limited to 7 days; longer timers are chained).</summary>
    public static readonly TimeSpan MaxTimerChunk = TimeSpan.FromDays(3);

    private readonly ConcurrentDictionary<string, InstanceActor> _actors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _completions = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly IServiceProvider _services;
    private readonly SemaphoreSlim _activitySlots;
    private readonly CancellationTokenSource _stopping = new();
    private readonly RecoverySweep _recovery;
    private readonly InstanceFailure _failure;
    private readonly ActivityRunner _activities;
    private readonly EngineQueues _queueTraffic;
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
        _time = time;
        _services = services;
        Logger = loggers.CreateLogger("Shop.Durable");
        _activitySlots = new SemaphoreSlim(Options.MaxConcurrentActivities);
        _activities = new ActivityRunner(this, services.GetRequiredService<IServiceScopeFactory>(), _activitySlots, time, _stopping.Token);
        _recovery = new RecoverySweep(this, storage);
        _failure = new InstanceFailure(this);
        _queueTraffic = new EngineQueues(this, queues, time);
        MaxDequeueCount = services.GetService<HostJson>()?.Queues.MaxDequeueCount ?? 5;
    }

    public DurableOptions Options { get; }

    /// <summary>Who this engine is, in the leases it holds on running work (machine, process, engine).</summary>
    public string LeaseOwner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

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
        };

        // The work index row first: a start whose process dies after the Instances row is written is found by the
        // recovery sweep through it (see WorkIndex).
        var workETag = await Store.Work.MarkAsync(instanceId, now, cancellationToken);
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
            WorkETag = workETag,
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
                        await _queueTraffic.SendWorkItemAsync(instanceId, entry);
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
    public Task<InstanceMessage> RunActivityAsync(string instanceId, int generation, int taskId, string name, string? input) =>
        _activities.RunAsync(instanceId, generation, taskId, name, input);

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

    // ---- Queues (see EngineQueues) ----

    /// <summary>Sends a timer message (at most <see cref="MaxTimerChunk"/> ahead; the handler chains the rest).</summary>
    public Task SendTimerAsync(string instanceId, int generation, int taskId, DateTime fireAt, CancellationToken cancellationToken = default) =>
        _queueTraffic.SendTimerAsync(instanceId, generation, taskId, fireAt, cancellationToken);

    /// <summary>The visibility delay of a message due at <paramref name="dueAt"/>: whole seconds, at most <see cref="MaxTimerChunk"/>.</summary>
    public TimeSpan DelayUntil(DateTime dueAt) => _queueTraffic.DelayUntil(dueAt);

    public Task SendControlAsync(InstanceMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default) =>
        _queueTraffic.SendControlAsync(message, delay, cancellationToken);

    /// <summary>A control-queue message: timers (chained), delayed starts, recovery and other cross-process messages.</summary>
    public Task HandleControlMessageAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        _queueTraffic.HandleControlMessageAsync(invocation, cancellationToken);

    /// <summary>A work-item message: an activity to run here (overflow from a busy process).</summary>
    public Task HandleWorkItemAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        _queueTraffic.HandleWorkItemAsync(invocation, cancellationToken);

    /// <summary>
    /// The recovery sweep: fails the instances of poisoned messages; re-runs the outbox of instances whose process
    /// died (no commit for <see cref="DurableOptions.RecoverAfter"/>); starts Pending instances whose start was lost;
    /// repairs Instances rows that lag behind their state row.
    /// </summary>
    public Task SweepAsync(CancellationToken cancellationToken = default) => _recovery.RunAsync(cancellationToken);

    /// <summary>
    /// Marks an instance Failed with <paramref name="failure"/>. Goes through the actor when its history can be
    /// read; else (a corrupt instance) writes the failure straight into the state row.
    /// </summary>
    public Task FailInstanceAsync(string instanceId, FailureRecord failure, CancellationToken cancellationToken) =>
        _failure.FailAsync(instanceId, failure, cancellationToken);

    /// <summary>Stops taking activities; the work in hand is left to the outbox and recovery.</summary>
    public void Dispose() => _stopping.Cancel();

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Running a {Kind} entry of '{InstanceId}' failed; the recovery sweep will retry it")]
        public static partial void DispatchFailed(ILogger logger, Exception exception, string kind, string instanceId);





    }
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// Runs one execution of an orchestrator: replays its recorded history, then applies new events and collects the
/// actions the orchestrator takes (activities, timers, sub-orchestrations, events sent, completion).
/// The instance's actor drives it from one thread at a time; the live executor stays cached between episodes so a
/// running instance is not replayed from the start at every step.
/// </summary>
internal sealed class OrchestrationExecutor : TaskOrchestrationContext
{
    private const string NonDeterminismPrefix = "Non-deterministic workflow detected: ";

    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly ILoggerFactory _loggers;
    private readonly string _instanceId;
    private readonly int _generation;
    private readonly OrchestrationSynchronizationContext _sync = new();
    private readonly Dictionary<int, OpenTask> _open = [];
    private readonly List<HistoryEvent> _pending = [];
    private readonly Dictionary<string, LinkedList<EventWaiter>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<HistoryEvent> _buffered = [];
    private readonly List<HistoryEvent> _held = [];
    private TaskName _name;
    private string? _input;
    private ParentOrchestrationInstance? _parent;
    private ITaskOrchestrator? _orchestrator;
    private Task<object?>? _run;
    private int _nextTaskId;
    private int _guidCounter;
    private DateTime _now;
    private bool _replaying;
    private (string? Input, bool Preserve)? _continueAsNew;

    public OrchestrationExecutor(string instanceId, int generation, DurableTaskRegistry registry, IServiceProvider services, ILoggerFactory loggers)
    {
        _instanceId = instanceId;
        _generation = generation;
        _registry = registry;
        _services = services;
        _loggers = loggers;
    }

    public override TaskName Name => _name;

    public override string InstanceId => _instanceId;

    public override ParentOrchestrationInstance? Parent => _parent;

    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => _replaying;

    /// <summary>Set once the execution has ended (or continued as new).</summary>
    public ExecutionOutcome? Outcome { get; private set; }

    public bool IsSuspended { get; private set; }

    /// <summary>The custom status as JSON.</summary>
    public string? CustomStatus { get; private set; }

    /// <summary>The scheduled calls still waiting for their outcome.</summary>
    public IEnumerable<HistoryEvent> OpenTasks => _open.Values.Select(t => t.Scheduled);

    protected override ILoggerFactory LoggerFactory => _loggers;

    /// <summary>True when a completion of <paramref name="completionType"/> for <paramref name="taskId"/> is awaited.</summary>
    public bool IsOpen(HistoryEventType completionType, int taskId) =>
        _open.TryGetValue(taskId, out var task) && task.Accepts(completionType);

    /// <summary>Re-executes recorded history (events a rewind set aside are skipped).</summary>
    /// <exception cref="NonDeterministicOrchestrationException">The orchestrator no longer does what the history recorded.</exception>
    public void Replay(IReadOnlyList<HistoryEvent> history)
    {
        var rewound = history
            .Where(e => e.EventType == HistoryEventType.ExecutionRewound && e.Rewound is not null)
            .SelectMany(e => e.Rewound!)
            .ToHashSet();
        _replaying = true;
        try
        {
            foreach (var e in history)
            {
                if (!rewound.Contains(e.Sequence))
                {
                    Process(e, replay: true);
                }
            }
        }
        finally
        {
            _replaying = false;
        }
    }

    /// <summary>Applies new events and returns the actions taken since the last call (the completion included).</summary>
    public List<HistoryEvent> Apply(IReadOnlyList<HistoryEvent> incoming)
    {
        _replaying = false;
        foreach (var e in incoming)
        {
            Process(e, replay: false);
        }

        var actions = _pending.ToList();
        _pending.Clear();
        return actions;
    }

    public override T? GetInput<T>()
        where T : default => DurableJson.Deserialize<T>(_input);

    public override Task<T> CallActivityAsync<T>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        CheckFlow();
        return options?.Retry is { } retry
            ? RetryAsync(() => ScheduleActivity<T>(name, input), retry)
            : ScheduleActivity<T>(name, input);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        CheckFlow();
        fireAt = fireAt.Kind switch
        {
            DateTimeKind.Local => fireAt.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(fireAt, DateTimeKind.Utc),
            _ => fireAt,
        };
        var id = _nextTaskId++;
        var completion = new TaskCompletionSource();
        var scheduled = new HistoryEvent { EventType = HistoryEventType.TimerCreated, TaskId = id, FireAt = fireAt, Timestamp = _now };
        _pending.Add(scheduled);
        _open[id] = new OpenTask(scheduled, _ => completion.TrySetResult());
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => completion.TrySetCanceled(cancellationToken));
        }

        return completion.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        CheckFlow();
        var index = _buffered.FindIndex(e => string.Equals(e.Name, eventName, StringComparison.OrdinalIgnoreCase));
        if (index >= 0)
        {
            var buffered = _buffered[index];
            _buffered.RemoveAt(index);
            return FromPayload<T>(buffered.Input);
        }

        var completion = new TaskCompletionSource<T>();
        var waiter = new EventWaiter(payload =>
        {
            try
            {
                completion.TrySetResult(DurableJson.Deserialize<T>(payload)!);
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        });
        if (!_waiters.TryGetValue(eventName, out var list))
        {
            _waiters[eventName] = list = new LinkedList<EventWaiter>();
        }

        var node = list.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    list.Remove(node);
                }

                completion.TrySetCanceled(cancellationToken);
            });
        }

        return completion.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object? payload)
    {
        StorageLimits.ValidateInstanceId(instanceId);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventName);
        CheckFlow();
        _pending.Add(new HistoryEvent
        {
            EventType = HistoryEventType.EventSent,
            TaskId = _nextTaskId++,
            InstanceId = instanceId,
            Name = eventName,
            Input = DurableJson.Serialize(payload),
            Timestamp = _now,
        });
    }

    public override void SetCustomStatus(object? customStatus)
    {
        CheckFlow();
        CustomStatus = DurableJson.Serialize(customStatus);
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        CheckFlow();
        var instanceId = (options as SubOrchestrationOptions)?.InstanceId;
        if (instanceId is not null)
        {
            StorageLimits.ValidateInstanceId(instanceId, nameof(options));
        }

        return options?.Retry is { } retry
            ? RetryAsync(() => ScheduleSubOrchestration<TResult>(orchestratorName, instanceId, input), retry)
            : ScheduleSubOrchestration<TResult>(orchestratorName, instanceId, input);
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        CheckFlow();
        _continueAsNew = (DurableJson.Serialize(newInput), preserveUnprocessedEvents);
    }

    public override Guid NewGuid()
    {
        CheckFlow();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{_instanceId}/{_generation}/{_now:O}/{_guidCounter++}"));
        hash[7] = (byte)((hash[7] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16));
    }

    private Task<T> ScheduleActivity<T>(TaskName name, object? input)
    {
        var id = _nextTaskId++;
        var completion = new TaskCompletionSource<T>();
        var scheduled = new HistoryEvent
        {
            EventType = HistoryEventType.TaskScheduled,
            TaskId = id,
            Name = name.Name,
            Input = DurableJson.Serialize(input),
            Timestamp = _now,
        };
        _pending.Add(scheduled);
        _open[id] = new OpenTask(scheduled, e => Settle(completion, e, name, id));
        return completion.Task;
    }

    private Task<T> ScheduleSubOrchestration<T>(TaskName name, string? instanceId, object? input)
    {
        var id = _nextTaskId++;
        instanceId ??= _generation == 0 ? $"{_instanceId}:{id}" : $"{_instanceId}:{_generation}:{id}";
        var completion = new TaskCompletionSource<T>();
        var scheduled = new HistoryEvent
        {
            EventType = HistoryEventType.SubOrchestrationInstanceCreated,
            TaskId = id,
            Name = name.Name,
            InstanceId = instanceId,
            Input = DurableJson.Serialize(input),
            Timestamp = _now,
        };
        _pending.Add(scheduled);
        _open[id] = new OpenTask(scheduled, e => Settle(completion, e, name, id));
        return completion.Task;
    }

    private static void Settle<T>(TaskCompletionSource<T> completion, HistoryEvent e, TaskName name, int id)
    {
        if (e.EventType is HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceFailed)
        {
            completion.TrySetException(new TaskFailedException(name, id, e.Failure ?? new TaskFailureDetails("Unknown", "The task failed.")));
            return;
        }

        try
        {
            completion.TrySetResult(DurableJson.Deserialize<T>(e.Result)!);
        }
        catch (Exception ex)
        {
            completion.TrySetException(ex);
        }
    }

    /// <summary>Retries through durable timers; runs in the orchestrator's flow, so it replays like the rest.</summary>
    private async Task<T> RetryAsync<T>(Func<Task<T>> call, RetryPolicy policy)
    {
        var firstAttempt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (TaskFailedException failure)
            {
                if (attempt >= policy.MaxNumberOfAttempts || !(policy.HandleFailure?.Invoke(failure.FailureDetails) ?? true))
                {
                    throw;
                }

                var delay = policy.GetDelay(attempt);
                if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime + delay > firstAttempt + policy.RetryTimeout)
                {
                    throw;
                }

                await CreateTimer(delay, CancellationToken.None);
            }
        }
    }

    private static Task<T> FromPayload<T>(string? payload)
    {
        try
        {
            return Task.FromResult(DurableJson.Deserialize<T>(payload)!);
        }
        catch (Exception ex)
        {
            return Task.FromException<T>(ex);
        }
    }

    private void CheckFlow()
    {
        if (SynchronizationContext.Current != _sync)
        {
            throw new InvalidOperationException(
                "Orchestration context methods may only be called from the orchestrator's own flow (no other threads, Task.Run or ConfigureAwait(false) in orchestrators).");
        }
    }

    private void Process(HistoryEvent e, bool replay)
    {
        switch (e.EventType)
        {
            case HistoryEventType.OrchestratorStarted:
                _now = e.Timestamp;
                break;
            case HistoryEventType.ExecutionStarted:
                Start(e);
                break;
            case HistoryEventType.TaskScheduled:
            case HistoryEventType.TimerCreated:
            case HistoryEventType.SubOrchestrationInstanceCreated:
            case HistoryEventType.EventSent:
                if (replay)
                {
                    MatchScheduled(e);
                }

                break;
            case HistoryEventType.TaskCompleted:
            case HistoryEventType.TaskFailed:
            case HistoryEventType.TimerFired:
            case HistoryEventType.SubOrchestrationInstanceCompleted:
            case HistoryEventType.SubOrchestrationInstanceFailed:
                if (Outcome is not null)
                {
                    break;
                }

                if (IsSuspended)
                {
                    _held.Add(e);
                    break;
                }

                Complete(e, replay);
                break;
            case HistoryEventType.EventRaised:
                if (Outcome is not null)
                {
                    break;
                }

                if (IsSuspended)
                {
                    _held.Add(e);
                    break;
                }

                RunInContext(() => Deliver(e));
                break;
            case HistoryEventType.ExecutionSuspended:
                IsSuspended = Outcome is null;
                break;
            case HistoryEventType.ExecutionResumed:
                IsSuspended = false;
                var held = _held.ToList();
                _held.Clear();
                foreach (var h in held)
                {
                    Process(h, replay);
                }

                break;
            case HistoryEventType.ExecutionTerminated:
                if (Outcome is null)
                {
                    Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Terminated, e.Result);
                    _pending.RemoveAll(p => p.EventType == HistoryEventType.ExecutionCompleted);
                }

                break;
            case HistoryEventType.ExecutionCompleted:
                // Recorded by this executor (matched) or forced by the engine (poison, non-determinism): the history wins.
                _pending.RemoveAll(p => p.EventType == HistoryEventType.ExecutionCompleted);
                Outcome = new ExecutionOutcome(e.Status ?? OrchestrationRuntimeStatus.Failed, e.Result, e.Failure);
                break;
        }
    }

    private void Start(HistoryEvent e)
    {
        _name = new TaskName(e.Name ?? "unknown");
        _input = e.Input;
        _parent = e.ParentInstanceId is { } parentId ? new ParentOrchestrationInstance(new TaskName(e.ParentName ?? "unknown"), parentId) : null;
        if (!_registry.Orchestrators.TryGetValue(_name, out var factory))
        {
            Finish(new ExecutionOutcome(
                OrchestrationRuntimeStatus.Failed,
                Failure: new TaskFailureDetails("OrchestratorNotFound", $"No orchestrator named '{_name}' is registered in this app.")));
            return;
        }

        RunInContext(() =>
        {
            try
            {
                _orchestrator = factory(_services);
                var input = DurableJson.Deserialize(_input, _orchestrator.InputType);
                _run = _orchestrator.RunAsync(this, input);
            }
            catch (Exception ex)
            {
                _run = Task.FromException<object?>(ex);
            }
        });
    }

    private void MatchScheduled(HistoryEvent recorded)
    {
        var index = _pending.FindIndex(p => p.TaskId == recorded.TaskId && p.EventType != HistoryEventType.ExecutionCompleted);
        if (index < 0)
        {
            var instead = Outcome is not null
                ? "the orchestrator has already finished"
                : _pending.Count > 0 ? $"the orchestrator now schedules {string.Join(", ", _pending.Select(Describe))}" : "the orchestrator now waits for something else";
            throw new NonDeterministicOrchestrationException(
                $"{NonDeterminismPrefix}the history of '{_instanceId}' has {Describe(recorded)} as task {recorded.TaskId}, but on replay {instead}.");
        }

        var action = _pending[index];
        if (action.EventType != recorded.EventType
            || (recorded.EventType != HistoryEventType.TimerCreated && !string.Equals(action.Name, recorded.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new NonDeterministicOrchestrationException(
                $"{NonDeterminismPrefix}the history of '{_instanceId}' has {Describe(recorded)} as task {recorded.TaskId}, but on replay the orchestrator schedules {Describe(action)} there.");
        }

        _pending.RemoveAt(index);
    }

    private void Complete(HistoryEvent e, bool replay)
    {
        var id = e.TaskId ?? -1;
        if (!_open.TryGetValue(id, out var task) || !task.Accepts(e.EventType))
        {
            if (replay)
            {
                throw new NonDeterministicOrchestrationException(
                    $"{NonDeterminismPrefix}the history of '{_instanceId}' has {e.EventType} for task {id}, which the orchestrator has not scheduled on replay.");
            }

            return;
        }

        _open.Remove(id);
        RunInContext(() => task.Complete(e));
    }

    private void Deliver(HistoryEvent e)
    {
        if (e.Name is { } name && _waiters.TryGetValue(name, out var list) && list.First is { } first)
        {
            list.RemoveFirst();
            first.Value.Complete(e.Input);
            return;
        }

        _buffered.Add(e);
    }

    private void RunInContext(Action action)
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(_sync);
        try
        {
            action();
            _sync.Pump();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }

        CheckCompletion();
    }

    private void CheckCompletion()
    {
        if (Outcome is not null || _run is not { IsCompleted: true } run)
        {
            return;
        }

        if (run.IsCompletedSuccessfully)
        {
            if (_continueAsNew is { } next)
            {
                Outcome = new ExecutionOutcome(OrchestrationRuntimeStatus.Running, next.Input)
                {
                    ContinueAsNew = true,
                    CarryOver = next.Preserve ? _buffered.Concat(_held).OrderBy(b => b.Sequence).ToList() : [],
                };
                return;
            }

            string? output;
            try
            {
                output = DurableJson.Serialize(run.Result, _orchestrator?.OutputType);
            }
            catch (Exception ex)
            {
                Finish(new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, Failure: TaskFailureDetails.FromException(ex)));
                return;
            }

            Finish(new ExecutionOutcome(OrchestrationRuntimeStatus.Completed, output));
            return;
        }

        Exception error = run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was canceled.");
        Finish(new ExecutionOutcome(OrchestrationRuntimeStatus.Failed, Failure: TaskFailureDetails.FromException(error)));
    }

    private void Finish(ExecutionOutcome outcome)
    {
        Outcome = outcome;
        _pending.Add(new HistoryEvent
        {
            EventType = HistoryEventType.ExecutionCompleted,
            Status = outcome.Status,
            Result = outcome.Output,
            Failure = outcome.Failure,
            Timestamp = _now,
        });
    }

    private static string Describe(HistoryEvent e) => e.EventType switch
    {
        HistoryEventType.TaskScheduled => $"a call to activity '{e.Name}'",
        HistoryEventType.TimerCreated => "a timer",
        HistoryEventType.SubOrchestrationInstanceCreated => $"a call to sub-orchestration '{e.Name}'",
        HistoryEventType.EventSent => $"an event '{e.Name}' sent to '{e.InstanceId}'",
        HistoryEventType.ExecutionCompleted => "its completion",
        _ => e.EventType.ToString(),
    };

    private sealed class OpenTask(HistoryEvent scheduled, Action<HistoryEvent> complete)
    {
        public HistoryEvent Scheduled { get; } = scheduled;

        public void Complete(HistoryEvent e) => complete(e);

        public bool Accepts(HistoryEventType completion) => Scheduled.EventType switch
        {
            HistoryEventType.TaskScheduled => completion is HistoryEventType.TaskCompleted or HistoryEventType.TaskFailed,
            HistoryEventType.TimerCreated => completion is HistoryEventType.TimerFired,
            HistoryEventType.SubOrchestrationInstanceCreated => completion is HistoryEventType.SubOrchestrationInstanceCompleted or HistoryEventType.SubOrchestrationInstanceFailed,
            _ => false,
        };
    }

    private sealed class EventWaiter(Action<string?> complete)
    {
        public void Complete(string? payload) => complete(payload);
    }
}

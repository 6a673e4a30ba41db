using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// The in-process owner of one instance: takes its messages one batch at a time, runs an episode, commits it
/// (ETag-conditional; on a conflict it reloads and re-applies), then runs the work the episode scheduled.
/// It caches the instance's state and live executor, so a running instance is neither reloaded nor replayed
/// between steps unless another process wrote to it.
/// </summary>
internal sealed partial class InstanceActor(DurableEngine engine, string instanceId)
{
    private const int MaxCommitAttempts = 25;
    private const int MaxContinueAsNewPerEpisode = 100;

    private readonly object _gate = new();
    private readonly HashSet<string> _inFlight = [];
    private readonly HashSet<string> _done = [];
    private List<InstanceMessage> _mailbox = [];
    private bool _running;
    private bool _retired;

    private bool _loaded;
    private bool _everLoaded;
    private InstanceState? _state;
    private InstanceRecord? _pendingStart;
    private OrchestrationExecutor? _executor;
    private List<HistoryEvent> _history = [];
    private HashSet<string> _eventIds = [];
    private IReadOnlyList<string> _staleRows = [];
    private ProjectionSnapshot? _projection;

    public string InstanceId { get; } = instanceId;

    public DateTime LastActive { get; private set; } = engine.UtcNow;

    /// <summary>The orchestrator's name, once known.</summary>
    public string? OrchestratorName => _state?.Name;

    /// <summary>True while the actor has messages to process or work running.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _running || _mailbox.Count > 0 || _inFlight.Count > 0;
            }
        }
    }

    public bool IsInFlight(string entryId)
    {
        lock (_gate)
        {
            return _inFlight.Contains(entryId);
        }
    }

    /// <summary>Adds a message; false when the actor was retired (create a new one).</summary>
    public bool TryEnqueue(InstanceMessage message)
    {
        lock (_gate)
        {
            if (_retired)
            {
                return false;
            }

            _mailbox.Add(message);
            if (!_running)
            {
                _running = true;
                _ = Task.Run(RunAsync);
            }

            return true;
        }
    }

    /// <summary>Marks this actor retired if it is idle; a retired actor takes no more messages.</summary>
    public bool TryRetire(bool onlyIfFinished)
    {
        lock (_gate)
        {
            if (_running || _mailbox.Count > 0 || _inFlight.Count > 0 || _done.Count > 0)
            {
                return false;
            }

            if (onlyIfFinished && _state is not null && !_state.Status.IsTerminal())
            {
                return false;
            }

            _retired = true;
            return true;
        }
    }

    /// <summary>The entry is no longer running in this process.</summary>
    public void EntryFinished(string entryId)
    {
        lock (_gate)
        {
            _inFlight.Remove(entryId);
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            List<InstanceMessage> batch;
            lock (_gate)
            {
                if (_mailbox.Count == 0)
                {
                    _running = false;
                    break;
                }

                batch = _mailbox;
                _mailbox = [];
            }

            // A rewind needs the whole history and a fresh executor: it goes alone.
            var rewind = batch.FindIndex(m => m.Kind == MessageKind.Rewind);
            if (rewind >= 0 && batch.Count > 1)
            {
                var rest = batch.Where((_, i) => i != rewind).ToList();
                batch = [batch[rewind]];
                lock (_gate)
                {
                    _mailbox.InsertRange(0, rest);
                }
            }

            await ProcessAsync(batch);
            LastActive = engine.UtcNow;
        }

        engine.OnActorIdle(this);
    }

    private async Task ProcessAsync(List<InstanceMessage> batch)
    {
        var fresh = false;
        var startedEarly = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!_loaded)
                {
                    await LoadAsync(batch);
                    fresh = true;
                }

                var plan = batch[0].Kind == MessageKind.Rewind ? await PlanRewindAsync(batch[0]) : await PlanAsync(batch);
                if (plan.HasRejections && !fresh)
                {
                    // The cache may be stale: check against storage before refusing.
                    Invalidate();
                    continue;
                }

                if (plan.Commit is { } commit)
                {
                    StartActivities(plan, startedEarly);
                    if (engine.Faults.BeforeCommit is { } holdCommit)
                    {
                        await holdCommit(InstanceId, startedEarly.Count);
                    }

                    var etag = await engine.Store.CommitAsync(commit);
                    Accept(plan, etag);
                }

                await AfterCommitAsync(plan, startedEarly);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxCommitAttempts)
            {
                Log.Conflict(engine.Logger, InstanceId, attempt);
                Invalidate();
                fresh = false;
                await Task.Delay(Random.Shared.Next(1, 5 * attempt));
            }
            catch (Exception ex) when (attempt < 4 && IsTransient(ex))
            {
                // Storage hiccup: reload and try again shortly (the messages are still in hand).
                Log.Conflict(engine.Logger, InstanceId, attempt);
                Invalidate();
                fresh = false;
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
            catch (Exception ex)
            {
                Log.EpisodeFailed(engine.Logger, ex, InstanceId);
                Invalidate();
                foreach (var message in batch)
                {
                    message.Ack?.TrySetException(ex);
                }

                return;
            }
        }
    }

    private static bool IsTransient(Exception ex) => ex switch
    {
        Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        HttpRequestException or IOException or TimeoutException => true,
        _ => ex.InnerException is { } inner && IsTransient(inner),
    };

    private void Invalidate()
    {
        _loaded = false;
        _executor = null;
        _projection = null;
    }

    private async Task LoadAsync(List<InstanceMessage> batch)
    {
        _pendingStart = null;
        _executor = null;
        if (!_everLoaded && batch[0] is { Kind: MessageKind.Start, IsNew: true })
        {
            // The Instances row was just inserted: nothing is stored for this instance yet. (A wrong guess
            // surfaces as a conflict on the state row's insert and leads to a real load.)
            _everLoaded = _loaded = true;
            _state = null;
            _history = [];
            _eventIds = [];
            _staleRows = [];
            return;
        }

        var loaded = await engine.Store.LoadAsync(InstanceId, eventsOfFinished: batch[0].Kind == MessageKind.Rewind);
        _everLoaded = _loaded = true;
        _state = loaded.State;
        _history = loaded.Events.ToList();
        _staleRows = loaded.StaleRowKeys;
        _eventIds = _history.Where(e => e.EventType == HistoryEventType.EventRaised && e.EventId is not null).Select(e => e.EventId!).ToHashSet();
        if (_state is null || batch.Any(m => m.Kind == MessageKind.Recover))
        {
            // A start that never ran (its process died after writing the Instances row), or a lost restart.
            var record = await engine.Store.ReadInstanceAsync(InstanceId);
            _pendingStart = record is not null && !record.RuntimeStatus.IsTerminal() && record.ExecutionId != _state?.ExecutionId ? record : null;
            if (_state is null)
            {
                return;
            }
        }

        if (_state.Status.IsTerminal())
        {
            return;
        }

        var resolved = await ResolveAsync(_history);
        var executor = engine.CreateExecutor(InstanceId);
        executor.Replay(resolved);
        _executor = executor;
    }

    private async Task<List<HistoryEvent>> ResolveAsync(IReadOnlyList<HistoryEvent> events)
    {
        var resolved = new List<HistoryEvent>(events.Count);
        foreach (var e in events)
        {
            resolved.Add(PayloadStore.IsToken(e.Input) || PayloadStore.IsToken(e.Result)
                ? e with { Input = await engine.Store.Payloads.ResolveAsync(e.Input), Result = await engine.Store.Payloads.ResolveAsync(e.Result) }
                : e);
        }

        return resolved;
    }

    private async Task<EpisodePlan> PlanAsync(List<InstanceMessage> batch)
    {
        var plan = new EpisodePlan();
        var now = engine.UtcNow;
        var state = _state;

        // 1. A start (or a recovery of a start that never ran) begins a new execution.
        InstanceMessage? start = null;
        foreach (var m in batch)
        {
            if (m.Kind == MessageKind.Start)
            {
                if (state is not null && state.ExecutionId == m.ExecutionId)
                {
                    plan.Accept(m);
                }
                else
                {
                    start = m;
                }
            }
        }

        if (start is null && _pendingStart is { } pending)
        {
            // An accepted start that has not run here: any process may run it (the execution id makes a second
            // start a duplicate), except that a start time in the future is kept unless the instance is stopped.
            var due = pending.ScheduledStartAt is null || pending.ScheduledStartAt <= now.AddSeconds(1);
            if ((due && batch.Any(m => m.Kind is not MessageKind.Cleanup)) || batch.Any(m => m.Kind is MessageKind.Terminate or MessageKind.Fail))
            {
                start = StartFromRecord(pending);
            }
        }

        var newExecution = start is not null;
        var generation = newExecution ? (state is null ? 0 : state.Generation + 1) : state?.Generation ?? 0;
        var executor = newExecution ? engine.CreateExecutor(InstanceId) : _executor;
        var status = newExecution ? InstanceStatus.Running : state?.Status;
        var episode = new List<HistoryEvent> { new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now } };
        if (start is not null)
        {
            plan.Accept(start);
            episode.Add(new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionStarted,
                Timestamp = now,
                Name = start.Name,
                Input = await engine.Store.Payloads.ResolveAsync(start.Payload),
                ExecutionId = start.ExecutionId,
                ParentInstanceId = start.ParentInstanceId,
                ParentName = start.ParentName,
                ParentTaskId = start.ParentInstanceId is null ? null : start.ParentTaskId,
                ParentGeneration = start.ParentInstanceId is null ? null : start.ParentGeneration,
            });
        }

        // 2. The other messages, checked against the instance as it is (and as this batch changes it).
        var claimed = new HashSet<int>();
        var newEventIds = new HashSet<string>();
        var completed = new HashSet<string>();
        var recover = false;
        foreach (var m in batch)
        {
            if (m.Kind == MessageKind.Start)
            {
                continue;
            }

            if (status is null && m.Kind is not (MessageKind.Cleanup or MessageKind.Recover))
            {
                Refuse(plan, m, _pendingStart is null
                    ? OrchestrationNotFoundException.For(InstanceId)
                    : new OrchestrationStateException(InstanceId, InstanceStatus.Pending, $"Instance '{InstanceId}' has not started yet."));
                continue;
            }

            switch (m.Kind)
            {
                case MessageKind.Recover:
                    recover = true;
                    plan.Accept(m);
                    break;
                case MessageKind.Cleanup:
                    if (m.EntryId is not null)
                    {
                        _done.Add(m.EntryId);
                    }

                    plan.Accept(m);
                    break;
                case MessageKind.ActivityResult or MessageKind.TimerFired or MessageKind.SubOrchestrationResult:
                {
                    var type = CompletionType(m);
                    if (status!.Value.IsTerminal() || m.Generation != generation || executor is null
                        || !executor.IsOpen(type, m.TaskId) || !claimed.Add(m.TaskId))
                    {
                        plan.Accept(m); // a duplicate, or for an execution that is over: absorbed
                        break;
                    }

                    episode.Add(new HistoryEvent
                    {
                        EventType = type,
                        Timestamp = now,
                        TaskId = m.TaskId,
                        Result = m.Failure is null ? await engine.Store.Payloads.ResolveAsync(m.Payload) : null,
                        Failure = m.Failure is null ? null : DurableStore.Trim(m.Failure),
                        FireAt = m.FireAt,
                    });
                    completed.Add(OutboxEntry.TaskEntryId(generation, m.TaskId));
                    plan.Accept(m);
                    break;
                }

                case MessageKind.EventRaised:
                    if (status!.Value.IsTerminal())
                    {
                        Refuse(plan, m, new OrchestrationStateException(InstanceId, status.Value, $"Instance '{InstanceId}' is {status} and takes no more events."));
                        break;
                    }

                    if (m.EventId is { } eventId && (_eventIds.Contains(eventId) || !newEventIds.Add(eventId)))
                    {
                        plan.Accept(m);
                        break;
                    }

                    episode.Add(new HistoryEvent
                    {
                        EventType = HistoryEventType.EventRaised,
                        Timestamp = now,
                        EventId = m.EventId,
                        Name = m.Name,
                        Input = await engine.Store.Payloads.ResolveAsync(m.Payload),
                    });
                    plan.Accept(m);
                    break;
                case MessageKind.Terminate:
                    if (status!.Value.IsTerminal())
                    {
                        Refuse(plan, m, new OrchestrationStateException(InstanceId, status.Value, $"Instance '{InstanceId}' is already {status}."));
                        break;
                    }

                    episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionTerminated, Timestamp = now, Result = m.Payload, Reason = m.Name });
                    status = InstanceStatus.Terminated;
                    plan.Accept(m);
                    break;
                case MessageKind.Suspend:
                    if (status is not (InstanceStatus.Running or InstanceStatus.Pending))
                    {
                        Refuse(plan, m, new OrchestrationStateException(InstanceId, status!.Value, $"Only a running instance can be suspended; '{InstanceId}' is {status}."));
                        break;
                    }

                    episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionSuspended, Timestamp = now, Reason = m.Payload });
                    status = InstanceStatus.Suspended;
                    plan.Accept(m);
                    break;
                case MessageKind.Resume:
                    if (status is not InstanceStatus.Suspended)
                    {
                        Refuse(plan, m, new OrchestrationStateException(InstanceId, status!.Value, $"Only a suspended instance can be resumed; '{InstanceId}' is {status}."));
                        break;
                    }

                    episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionResumed, Timestamp = now, Reason = m.Payload });
                    status = InstanceStatus.Running;
                    plan.Accept(m);
                    break;
                case MessageKind.Fail:
                    if (status!.Value.IsTerminal())
                    {
                        plan.Accept(m);
                        break;
                    }

                    episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Status = InstanceStatus.Failed, Failure = m.Failure });
                    status = InstanceStatus.Failed;
                    plan.Accept(m);
                    break;
                default:
                    plan.Accept(m);
                    break;
            }
        }

        var drive = episode.Count > 1;
        var outbox = newExecution || state is null ? new List<OutboxEntry>() : state.Outbox.ToList();
        var cleared = outbox.Where(e => _done.Contains(e.Id) || completed.Contains(e.Id)).Select(e => e.Id).ToHashSet();
        if (!drive)
        {
            // Only cleanups / recovery: commit just the cleared entries, unless work is still running here
            // (its result's commit will clear them with no extra write).
            bool busy;
            lock (_gate)
            {
                busy = _inFlight.Count > 0;
            }

            if (recover && state is not null)
            {
                plan.Dispatch.AddRange(state.Outbox.Where(e => !cleared.Contains(e.Id)));
            }

            if (cleared.Count == 0 || busy || state is null)
            {
                return plan;
            }

            var cleaned = state with
            {
                Outbox = outbox.Where(e => !cleared.Contains(e.Id)).ToList(),
                Version = state.Version + 1,
                LastUpdatedAt = now,
            };
            plan.Cleared.UnionWith(cleared);
            plan.Commit = new CommitBatch(state, cleaned, [], []);
            plan.Executor = _executor;
            return plan;
        }

        // 3. Run the episode.
        List<HistoryEvent> recorded;
        var deletes = new List<string>();
        if (newExecution && state is not null)
        {
            deletes.AddRange(Enumerable.Range(0, state.Episodes).Select(i => InstanceState.HistoryRowKey(InstanceId, state.Generation, i)));
        }

        deletes.AddRange(_staleRows);
        if (executor is null)
        {
            // No executor (replay diverged): record the forced outcome only.
            recorded = episode;
        }
        else
        {
            recorded = episode.Concat(executor.Apply(episode)).ToList();
        }

        // ContinueAsNew: a fresh generation starts in the same commit; the old one's history is deleted.
        var input = newExecution ? episode[1].Input : null;
        var inputChanged = newExecution;
        var carriedSends = new List<OutboxEntry>();
        var leavingStoredGeneration = !newExecution && state is not null;
        for (var loops = 0; executor?.Outcome is { ContinueAsNew: true } next; loops++)
        {
            carriedSends.AddRange(ToEntries(recorded, generation, now, null).Where(e => e.Kind == OutboxKind.SendEvent));
            carriedSends.AddRange(outbox.Where(e => e.Kind == OutboxKind.SendEvent && !cleared.Contains(e.Id)));
            outbox.Clear();
            if (loops == 0 && leavingStoredGeneration)
            {
                deletes.AddRange(Enumerable.Range(0, state!.Episodes).Select(i => InstanceState.HistoryRowKey(InstanceId, state.Generation, i)));
            }

            generation++;
            newExecution = true;
            var first = recorded.FirstOrDefault(e => e.EventType == HistoryEventType.ExecutionStarted)
                ?? _history.First(e => e.EventType == HistoryEventType.ExecutionStarted);
            var restart = new List<HistoryEvent>
            {
                new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now },
                first with { Sequence = 0, Timestamp = now, Input = next.Output },
            };
            restart.AddRange(next.CarryOver.Select(e => e with { Timestamp = now }));
            input = next.Output;
            inputChanged = true;
            executor = engine.CreateExecutor(InstanceId);
            if (loops >= MaxContinueAsNewPerEpisode)
            {
                restart.Add(new HistoryEvent
                {
                    EventType = HistoryEventType.ExecutionCompleted,
                    Timestamp = now,
                    Status = InstanceStatus.Failed,
                    Failure = new FailureRecord("ContinueAsNewLoop", $"The orchestrator continued as new {loops} times without waiting for anything."),
                });
            }

            recorded = restart.Concat(executor.Apply(restart)).ToList();
        }

        var baseSequence = newExecution ? 0 : state?.EventCount ?? 0;
        recorded = recorded.Select((e, i) => e with { Sequence = baseSequence + i }).ToList();

        var outcome = executor?.Outcome;
        var forced = recorded.LastOrDefault(e => e.EventType is HistoryEventType.ExecutionCompleted or HistoryEventType.ExecutionTerminated);
        var finalStatus = outcome?.Status
            ?? (forced is not null ? (forced.EventType == HistoryEventType.ExecutionTerminated ? InstanceStatus.Terminated : forced.Status ?? InstanceStatus.Failed)
            : executor?.IsSuspended == true ? InstanceStatus.Suspended : InstanceStatus.Running);
        var terminal = finalStatus.IsTerminal();
        var output = terminal ? outcome?.Output ?? forced?.Result : null;
        var failure = finalStatus == InstanceStatus.Failed ? outcome?.Failure ?? forced?.Failure : null;

        var started0 = newExecution ? recorded.First(e => e.EventType == HistoryEventType.ExecutionStarted) : null;
        var parentId = started0?.ParentInstanceId ?? (newExecution ? null : state?.ParentInstanceId);
        var parentTask = started0?.ParentTaskId ?? state?.ParentTaskId ?? 0;
        var parentGeneration = started0?.ParentGeneration ?? state?.ParentGeneration ?? 0;
        var parentName = started0?.ParentName ?? state?.ParentName;

        var added = ToEntries(recorded, generation, now, null);
        outbox = outbox.Where(e => !cleared.Contains(e.Id)).Concat(carriedSends).Concat(added).ToList();
        if (terminal)
        {
            outbox = outbox.Where(e => e.Kind is OutboxKind.SendEvent or OutboxKind.NotifyParent).ToList();
            added = added.Where(e => e.Kind is OutboxKind.SendEvent or OutboxKind.NotifyParent).ToList();
            if (parentId is not null)
            {
                var notify = new OutboxEntry
                {
                    Id = $"parent:{generation}",
                    Kind = OutboxKind.NotifyParent,
                    Generation = generation,
                    TaskId = parentTask,
                    ParentGeneration = parentGeneration,
                    TargetInstanceId = parentId,
                    Name = (started0?.Name ?? state?.Name),
                    Result = finalStatus == InstanceStatus.Completed ? output : null,
                    Failure = finalStatus == InstanceStatus.Completed ? null
                        : failure ?? new FailureRecord("OrchestrationTerminated", $"Sub-orchestration '{InstanceId}' was terminated."),
                    CreatedAt = now,
                };
                outbox.Add(notify);
                added = added.Append(notify).ToList();
            }
        }

        var name = start?.Name ?? state?.Name ?? string.Empty;
        var customStatus = executor?.CustomStatus;
        var previousCustom = state?.CustomStatus;
        var nextState = new InstanceState
        {
            InstanceId = InstanceId,
            Name = name,
            ExecutionId = start?.ExecutionId ?? state!.ExecutionId,
            Generation = generation,
            Episodes = (generation == state?.Generation ? state.Episodes : 0) + 1,
            EventCount = baseSequence + recorded.Count,
            Status = finalStatus,
            CreatedAt = start is not null ? now : state!.CreatedAt,
            LastUpdatedAt = now,
            CompletedAt = terminal ? now : null,
            Output = await engine.Store.Payloads.ProtectAsync(InstanceId, output),
            CustomStatus = customStatus == previousCustom || customStatus is null ? customStatus : await engine.Store.Payloads.ProtectAsync(InstanceId, customStatus),
            Failure = failure is null ? null : DurableStore.Trim(failure),
            ParentInstanceId = parentId,
            ParentName = parentName,
            ParentTaskId = parentTask,
            ParentGeneration = parentGeneration,
            Outbox = outbox,
            Version = (state?.Version ?? 0) + 1,
            ETag = state?.ETag ?? default,
        };

        plan.Commit = new CommitBatch(state, nextState, recorded, deletes.Distinct().ToList());
        plan.Executor = executor;
        plan.History = generation == state?.Generation && !inputChanged ? _history.Concat(recorded).ToList() : recorded.ToList();
        plan.EventIds = generation == state?.Generation ? new HashSet<string>(_eventIds.Concat(newEventIds)) : recorded.Where(e => e.EventId is not null).Select(e => e.EventId!).ToHashSet();
        plan.Cleared.UnionWith(cleared);
        plan.NewInput = input;
        plan.InputChanged = inputChanged;
        plan.Dispatch.AddRange(added);
        if (recover)
        {
            plan.Dispatch.AddRange(outbox.Where(e => !added.Contains(e)));
        }

        return plan;
    }

    private async Task<EpisodePlan> PlanRewindAsync(InstanceMessage message)
    {
        var plan = new EpisodePlan();
        var state = _state;
        if (state is null)
        {
            Refuse(plan, message, _pendingStart is null
                ? OrchestrationNotFoundException.For(InstanceId)
                : new OrchestrationStateException(InstanceId, InstanceStatus.Pending, $"Instance '{InstanceId}' has not started yet."));
            return plan;
        }

        if (state.Status != InstanceStatus.Failed)
        {
            Refuse(plan, message, new OrchestrationStateException(InstanceId, state.Status, $"Only a failed instance can be rewound; '{InstanceId}' is {state.Status}."));
            return plan;
        }

        // Set aside the failure: the failed completion and the task failures of the episode that ended the run.
        var now = engine.UtcNow;
        var alreadyRewound = _history.Where(e => e.Rewound is not null).SelectMany(e => e.Rewound!).ToHashSet();
        var live = _history.Where(e => !alreadyRewound.Contains(e.Sequence)).ToList();
        var end = live.FindLastIndex(e => e.EventType == HistoryEventType.ExecutionCompleted);
        var episodeStart = end < 0 ? 0 : live.FindLastIndex(end, e => e.EventType == HistoryEventType.OrchestratorStarted);
        var setAside = live.Skip(Math.Max(episodeStart, 0))
            .Where(e => e.EventType is HistoryEventType.ExecutionCompleted or HistoryEventType.TaskFailed or HistoryEventType.SubOrchestrationInstanceFailed)
            .Select(e => e.Sequence)
            .ToList();
        var baseSequence = state.EventCount;
        var episode = new List<HistoryEvent>
        {
            new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = now, Sequence = baseSequence },
            new() { EventType = HistoryEventType.ExecutionRewound, Timestamp = now, Sequence = baseSequence + 1, Reason = message.Payload, Rewound = setAside },
        };

        var executor = engine.CreateExecutor(InstanceId);
        executor.Replay(await ResolveAsync(_history.Concat(episode).ToList()));
        var actions = executor.Apply([]);

        var recorded = episode.Concat(actions.Select((e, i) => e with { Sequence = baseSequence + episode.Count + i })).ToList();
        var outcome = executor.Outcome;
        var status = outcome?.Status ?? InstanceStatus.Running;
        var redo = executor.OpenTasks.Where(t => !actions.Any(a => a.TaskId == t.TaskId)).ToList();
        var entries = ToEntries(redo, state.Generation, now, rewind: true).Concat(ToEntries(recorded, state.Generation, now, null)).ToList();
        if (status.IsTerminal())
        {
            entries.Clear();
        }

        var next = state with
        {
            Episodes = state.Episodes + 1,
            EventCount = baseSequence + recorded.Count,
            Status = status,
            LastUpdatedAt = now,
            CompletedAt = status.IsTerminal() ? now : null,
            Failure = status == InstanceStatus.Failed ? outcome?.Failure : null,
            Output = status == InstanceStatus.Completed ? await engine.Store.Payloads.ProtectAsync(InstanceId, outcome?.Output) : null,
            Outbox = entries,
            Version = state.Version + 1,
        };
        plan.Accept(message);
        plan.Commit = new CommitBatch(state, next, recorded, _staleRows.ToList());
        plan.Executor = executor;
        plan.History = _history.Concat(recorded).ToList();
        plan.EventIds = _eventIds;
        plan.Dispatch.AddRange(entries);
        return plan;
    }

    private static InstanceMessage StartFromRecord(InstanceRecord record) => new()
    {
        Kind = MessageKind.Start,
        InstanceId = record.InstanceId,
        Name = record.Name,
        Payload = record.Input,
        ExecutionId = record.ExecutionId,
        ParentInstanceId = record.ParentInstanceId,
        ParentName = record.ParentName,
        ParentTaskId = record.ParentTaskId,
        ParentGeneration = record.ParentGeneration,
        ProjectionETag = record.ETag,
    };

    private static HistoryEventType CompletionType(InstanceMessage m) => m.Kind switch
    {
        MessageKind.ActivityResult => m.Failure is null ? HistoryEventType.TaskCompleted : HistoryEventType.TaskFailed,
        MessageKind.TimerFired => HistoryEventType.TimerFired,
        _ => m.Failure is null ? HistoryEventType.SubOrchestrationInstanceCompleted : HistoryEventType.SubOrchestrationInstanceFailed,
    };

    private static void Refuse(EpisodePlan plan, InstanceMessage message, Exception error)
    {
        if (message.Strict)
        {
            plan.Reject(message, error);
        }
        else
        {
            plan.Accept(message);
        }
    }

    private List<OutboxEntry> ToEntries(IEnumerable<HistoryEvent> events, int generation, DateTime now, bool? rewind)
    {
        var entries = new List<OutboxEntry>();
        foreach (var e in events)
        {
            if (e.TaskId is not { } taskId)
            {
                continue;
            }

            var entry = e.EventType switch
            {
                HistoryEventType.TaskScheduled => new OutboxEntry { Id = OutboxEntry.TaskEntryId(generation, taskId), Kind = OutboxKind.Activity, Name = e.Name, Input = e.Input },
                HistoryEventType.TimerCreated => new OutboxEntry { Id = OutboxEntry.TaskEntryId(generation, taskId), Kind = OutboxKind.Timer, FireAt = e.FireAt },
                HistoryEventType.SubOrchestrationInstanceCreated => new OutboxEntry
                {
                    Id = OutboxEntry.TaskEntryId(generation, taskId),
                    Kind = OutboxKind.SubOrchestration,
                    Name = e.Name,
                    Input = e.Input,
                    TargetInstanceId = e.InstanceId,
                    Rewind = rewind == true,
                },
                HistoryEventType.EventSent => new OutboxEntry
                {
                    Id = $"send:{generation}:{taskId}",
                    Kind = OutboxKind.SendEvent,
                    Name = e.Name,
                    Input = e.Input,
                    TargetInstanceId = e.InstanceId,
                    EventId = $"{InstanceId}:{generation}:{taskId}",
                },
                _ => null,
            };
            if (entry is not null)
            {
                entries.Add(entry with { Generation = generation, TaskId = taskId, CreatedAt = now });
            }
        }

        return entries;
    }

    private void Accept(EpisodePlan plan, Azure.ETag etag)
    {
        var next = plan.Commit!.Next with { ETag = etag };
        _state = next;
        _executor = plan.Executor;
        _pendingStart = null;
        if (plan.Commit.DeleteRowKeys.Count > 0)
        {
            _staleRows = [];
        }

        if (plan.History is not null)
        {
            _history = plan.History;
        }

        if (plan.EventIds is not null)
        {
            _eventIds = plan.EventIds;
        }

        _done.ExceptWith(plan.Cleared);
        _done.IntersectWith(next.Outbox.Select(e => e.Id));
    }

    private static void Settle(EpisodePlan plan)
    {
        foreach (var (message, error) in plan.Outcomes)
        {
            if (error is null)
            {
                message.Ack?.TrySetResult();
            }
            else
            {
                message.Ack?.TrySetException(error);
            }
        }
    }

    /// <summary>
    /// Starts the activities an episode scheduled while the episode commits, as the Durable Task Framework's Azure
    /// Storage provider sends its activity messages before it writes the history: an activity is at-least-once
    /// anyway, its committed outbox entry stays the durable fallback, and its result is applied only after the
    /// commit (this actor takes its next batch once the commit is done). If the commit loses to another writer, the
    /// episode is planned again on the stored state: a task it schedules again was started here already (same entry
    /// id, <paramref name="started"/>), and the result of one it no longer schedules is absorbed as not open.
    /// </summary>
    private void StartActivities(EpisodePlan plan, HashSet<string> started)
    {
        foreach (var entry in plan.Dispatch)
        {
            if (entry.Kind == OutboxKind.Activity && started.Add(entry.Id))
            {
                DispatchUnlessRunning(entry);
            }
        }
    }

    /// <summary>Runs the entry unless it is running here already.</summary>
    private void DispatchUnlessRunning(OutboxEntry entry)
    {
        lock (_gate)
        {
            if (!_inFlight.Add(entry.Id))
            {
                return;
            }
        }

        engine.Dispatch(this, entry);
    }

    private async Task AfterCommitAsync(EpisodePlan plan, HashSet<string> startedEarly)
    {
        var start = plan.Outcomes.Select(o => o.Message).FirstOrDefault(m => m.Kind == MessageKind.Start && m.ProjectionETag is not null);
        if (start is not null && _projection is null)
        {
            _projection = new ProjectionSnapshot(start.ProjectionETag, InstanceStatus.Running, null, null, null, true, 0, 0);
        }

        foreach (var entry in plan.Dispatch.Where(e => !startedEarly.Contains(e.Id)))
        {
            DispatchUnlessRunning(entry);
        }

        if (plan.Commit is not null && _state is { } state)
        {
            try
            {
                await WriteProjectionAsync(state, plan);
            }
            catch (Exception ex)
            {
                // The sweep repairs the projection from the state row.
                Log.ProjectionFailed(engine.Logger, ex, InstanceId);
                _projection = null;
            }

        }

        Settle(plan);
        if (plan.Commit is not null && _state is { Status: var status } && status.IsTerminal())
        {
            engine.SignalCompleted(InstanceId);
        }
    }

    private async Task WriteProjectionAsync(InstanceState state, EpisodePlan plan)
    {
        var hasWork = state.Outbox.Count > 0;

        // Idle to busy: the recovery sweep may have cleared HasWork since we last wrote (our snapshot would not
        // know), so say it again — otherwise a crash now would leave work the sweep never looks at.
        var wokeUp = plan.Commit?.Previous is { Outbox.Count: 0 };
        var failure = DurableStore.FailureJson(state.Failure);
        var desired = new ProjectionSnapshot(null, state.Status, state.CustomStatus, state.Output, failure, hasWork, state.Version, state.Generation);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var known = _projection;
            if (known is null)
            {
                var row = await engine.Store.ReadInstanceAsync(InstanceId);
                if (row is null || row.ExecutionId != state.ExecutionId || row.Version >= state.Version)
                {
                    return;
                }

                known = _projection = new ProjectionSnapshot(row.ETag, row.RuntimeStatus, row.CustomStatus, row.Output, row.FailureDetails, row.HasWork, row.Version, -1);
            }

            var needed = known.Status != desired.Status
                || known.CustomStatus != desired.CustomStatus
                || known.Output != desired.Output
                || known.Failure != desired.Failure
                || (hasWork && (!known.HasWork || wokeUp))
                || (state.Status.IsTerminal() && hasWork != known.HasWork)
                || (plan.InputChanged && known.Generation != state.Generation);
            if (!needed)
            {
                return;
            }

            var changes = new TableEntity(InstanceId, DurableStore.InstanceRowKey(InstanceId))
            {
                ["RuntimeStatus"] = state.Status.ToString(),
                ["CustomStatus"] = state.CustomStatus ?? string.Empty,
                ["Output"] = state.Output ?? string.Empty,
                ["FailureDetails"] = failure ?? string.Empty,
                ["LastUpdatedAt"] = state.LastUpdatedAt,
                ["HasWork"] = hasWork,
                ["Version"] = state.Version,
            };
            if (state.CompletedAt is { } completedAt)
            {
                changes["CompletedAt"] = completedAt;
            }

            if (plan.InputChanged && known.Generation != state.Generation && state.Generation > 0)
            {
                changes["Input"] = await engine.Store.Payloads.ProtectAsync(InstanceId, plan.NewInput);
            }

            var etag = known.ETag is { } e ? await engine.Store.TryMergeInstanceAsync(changes, e) : null;
            if (etag is not null)
            {
                _projection = desired with { ETag = etag };
                return;
            }

            _projection = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1000, Level = LogLevel.Debug, Message = "Instance '{InstanceId}': another writer committed first (attempt {Attempt}); reloading")]
        public static partial void Conflict(ILogger logger, string instanceId, int attempt);

        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Instance '{InstanceId}': an episode failed; its messages will be retried or recovered")]
        public static partial void EpisodeFailed(ILogger logger, Exception exception, string instanceId);

        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Instance '{InstanceId}': updating the Instances row failed; the recovery sweep will repair it")]
        public static partial void ProjectionFailed(ILogger logger, Exception exception, string instanceId);
    }
}

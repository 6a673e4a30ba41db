using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>The planning half of an instance's actor: what one turn commits, and what it runs once committed.</summary>
internal sealed partial class InstanceActor
{
    /// <summary>
    /// Plans one turn of the actor: (1) a start, or a recovered start, begins a new execution; (2) every other message
    /// is checked against the instance as it is, and as the batch changes it; (3) when the batch brought events, the
    /// episode runs through Microsoft's executor and its commit is built, else only finished outbox entries are cleared.
    /// </summary>
    private async Task<EpisodePlan> PlanAsync(List<InstanceMessage> batch)
    {
        var d = new EpisodeDraft(engine.UtcNow, _state);
        await BeginExecutionAsync(d, batch);
        await ApplyMessagesAsync(d, batch);
        return d.Episode.Count > 1 ? await PlanEpisodeAsync(d) : PlanCleanup(d);
    }

    /// <summary>Step 1: a start (or a recovery of a start that never ran) begins a new execution.</summary>
    private async Task BeginExecutionAsync(EpisodeDraft d, List<InstanceMessage> batch)
    {
        foreach (var m in batch)
        {
            if (m.Kind == MessageKind.Start)
            {
                if (d.State is not null && d.State.ExecutionId == m.ExecutionId)
                {
                    d.Plan.Accept(m);
                }
                else
                {
                    d.Start = m;
                }
            }
        }

        if (d.Start is null && _pendingStart is { } pending)
        {
            // An accepted start that has not run here: any process may run it (the execution id makes a second
            // start a duplicate), except that a start time in the future is kept unless the instance is stopped.
            var due = pending.ScheduledStartAt is null || pending.ScheduledStartAt <= d.Now.AddSeconds(1);
            if ((due && batch.Any(m => m.Kind is not MessageKind.Cleanup)) || batch.Any(m => m.Kind is MessageKind.Terminate or MessageKind.Fail))
            {
                d.Start = StartFromRecord(pending);
            }
        }

        d.NewExecution = d.Start is not null;
        d.Generation = d.NewExecution ? (d.State is null ? 0 : d.State.Generation + 1) : d.State?.Generation ?? 0;
        d.Executor = d.NewExecution ? engine.CreateExecutor(InstanceId) : _executor;
        d.Status = d.NewExecution ? InstanceStatus.Running : d.State?.Status;
        if (d.Start is not null)
        {
            d.Plan.Accept(d.Start);
            d.Episode.Add(new HistoryEvent
            {
                EventType = HistoryEventType.ExecutionStarted,
                Timestamp = d.Now,
                Name = d.Start.Name,
                Input = await engine.Store.Payloads.ResolveAsync(d.Start.Payload),
                ExecutionId = d.Start.ExecutionId,
                ParentInstanceId = d.Start.ParentInstanceId,
                ParentName = d.Start.ParentName,
                ParentTaskId = d.Start.ParentInstanceId is null ? null : d.Start.ParentTaskId,
                ParentGeneration = d.Start.ParentInstanceId is null ? null : d.Start.ParentGeneration,
            });
        }
    }

    /// <summary>Step 2: the other messages, checked against the instance as it is (and as this batch changes it).</summary>
    private async Task ApplyMessagesAsync(EpisodeDraft d, List<InstanceMessage> batch)
    {
        foreach (var m in batch)
        {
            if (m.Kind == MessageKind.Start)
            {
                continue;
            }

            if (d.Status is null && m.Kind is not (MessageKind.Cleanup or MessageKind.Recover))
            {
                Refuse(d.Plan, m, _pendingStart is null
                    ? OrchestrationNotFoundException.For(InstanceId)
                    : new OrchestrationStateException(InstanceId, InstanceStatus.Pending, $"Instance '{InstanceId}' has not started yet."));
                continue;
            }

            switch (m.Kind)
            {
                case MessageKind.Recover:
                    d.Recover = true;
                    d.Plan.Accept(m);
                    break;
                case MessageKind.Cleanup:
                    if (m.EntryId is not null)
                    {
                        _done.Add(m.EntryId);
                    }

                    d.Plan.Accept(m);
                    break;
                case MessageKind.ActivityResult or MessageKind.TimerFired or MessageKind.SubOrchestrationResult:
                {
                    var type = CompletionType(m);
                    if (d.Status!.Value.IsTerminal() || m.Generation != d.Generation || d.Executor is null
                        || !d.Executor.IsOpen(type, m.TaskId) || !d.Claimed.Add(m.TaskId))
                    {
                        d.Plan.Accept(m); // a duplicate, or for an execution that is over: absorbed
                        break;
                    }

                    d.Episode.Add(new HistoryEvent
                    {
                        EventType = type,
                        Timestamp = d.Now,
                        TaskId = m.TaskId,
                        Result = m.Failure is null ? await engine.Store.Payloads.ResolveAsync(m.Payload) : null,
                        Failure = m.Failure is null ? null : DurableStore.Trim(m.Failure),
                        FireAt = m.FireAt,
                    });
                    d.Completed.Add(OutboxEntry.TaskEntryId(d.Generation, m.TaskId));
                    d.Plan.Accept(m);
                    break;
                }

                case MessageKind.EventRaised:
                    if (d.Status!.Value.IsTerminal())
                    {
                        Refuse(d.Plan, m, new OrchestrationStateException(InstanceId, d.Status.Value, $"Instance '{InstanceId}' is {d.Status} and takes no more events."));
                        break;
                    }

                    if (m.EventId is { } eventId && (_eventIds.Contains(eventId) || !d.NewEventIds.Add(eventId)))
                    {
                        d.Plan.Accept(m);
                        break;
                    }

                    d.Episode.Add(new HistoryEvent
                    {
                        EventType = HistoryEventType.EventRaised,
                        Timestamp = d.Now,
                        EventId = m.EventId,
                        Name = m.Name,
                        Input = await engine.Store.Payloads.ResolveAsync(m.Payload),
                    });
                    d.Plan.Accept(m);
                    break;
                case MessageKind.Terminate:
                    if (d.Status!.Value.IsTerminal())
                    {
                        Refuse(d.Plan, m, new OrchestrationStateException(InstanceId, d.Status.Value, $"Instance '{InstanceId}' is already {d.Status}."));
                        break;
                    }

                    d.Episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionTerminated, Timestamp = d.Now, Result = m.Payload, Reason = m.Name });
                    d.Status = InstanceStatus.Terminated;
                    d.Plan.Accept(m);
                    break;
                case MessageKind.Suspend:
                    if (d.Status is not (InstanceStatus.Running or InstanceStatus.Pending))
                    {
                        Refuse(d.Plan, m, new OrchestrationStateException(InstanceId, d.Status!.Value, $"Only a running instance can be suspended; '{InstanceId}' is {d.Status}."));
                        break;
                    }

                    d.Episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionSuspended, Timestamp = d.Now, Reason = m.Payload });
                    d.Status = InstanceStatus.Suspended;
                    d.Plan.Accept(m);
                    break;
                case MessageKind.Resume:
                    if (d.Status is not InstanceStatus.Suspended)
                    {
                        Refuse(d.Plan, m, new OrchestrationStateException(InstanceId, d.Status!.Value, $"Only a suspended instance can be resumed; '{InstanceId}' is {d.Status}."));
                        break;
                    }

                    d.Episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionResumed, Timestamp = d.Now, Reason = m.Payload });
                    d.Status = InstanceStatus.Running;
                    d.Plan.Accept(m);
                    break;
                case MessageKind.Fail:
                    if (d.Status!.Value.IsTerminal())
                    {
                        d.Plan.Accept(m);
                        break;
                    }

                    d.Episode.Add(new HistoryEvent { EventType = HistoryEventType.ExecutionCompleted, Timestamp = d.Now, Status = InstanceStatus.Failed, Failure = m.Failure });
                    d.Status = InstanceStatus.Failed;
                    d.Plan.Accept(m);
                    break;
                default:
                    d.Plan.Accept(m);
                    break;
            }
        }
    }

    /// <summary>The outbox the episode starts from, and the entries it clears (finished here, or completed by this batch).</summary>
    private (List<OutboxEntry> Outbox, HashSet<string> Cleared) OutboxOf(EpisodeDraft d)
    {
        var outbox = d.NewExecution || d.State is null ? new List<OutboxEntry>() : d.State.Outbox.ToList();
        var cleared = outbox.Where(e => _done.Contains(e.Id) || d.Completed.Contains(e.Id)).Select(e => e.Id).ToHashSet();
        return (outbox, cleared);
    }

    /// <summary>
    /// Step 3, when the batch brought no events (only cleanups or a recovery): commit just the cleared entries, unless
    /// work is still running here (its result's commit will clear them with no extra write).
    /// </summary>
    private EpisodePlan PlanCleanup(EpisodeDraft d)
    {
        var (outbox, cleared) = OutboxOf(d);
        bool busy;
        lock (_gate)
        {
            busy = _inFlight.Count > 0;
        }

        if (d.Recover && d.State is not null)
        {
            d.Plan.Dispatch.AddRange(d.State.Outbox.Where(e => !cleared.Contains(e.Id)));
        }

        if (cleared.Count == 0 || busy || d.State is null)
        {
            return d.Plan;
        }

        var cleaned = d.State with
        {
            Outbox = outbox.Where(e => !cleared.Contains(e.Id)).ToList(),
            Version = d.State.Version + 1,
            LastUpdatedAt = d.Now,
        };
        d.Plan.Cleared.UnionWith(cleared);
        d.Plan.Commit = new CommitBatch(d.State, cleaned, [], []);
        d.Plan.Executor = _executor;
        return d.Plan;
    }

    /// <summary>Step 3: runs the episode (and any ContinueAsNew in it) and builds its commit.</summary>
    private async Task<EpisodePlan> PlanEpisodeAsync(EpisodeDraft d)
    {
        var (outbox, cleared) = OutboxOf(d);
        List<HistoryEvent> recorded;
        var deletes = new List<string>();
        if (d.NewExecution && d.State is not null)
        {
            deletes.AddRange(Enumerable.Range(0, d.State.Episodes).Select(i => InstanceState.HistoryRowKey(InstanceId, d.State.Generation, i)));
        }

        deletes.AddRange(_staleRows);
        if (d.Executor is null)
        {
            // No executor (the execution has ended): record the forced outcome only.
            recorded = d.Episode;
        }
        else
        {
            recorded = d.Episode.Concat(d.Executor.Apply(d.Episode)).ToList();
        }

        // ContinueAsNew: a fresh generation starts in the same commit; the old one's history is deleted.
        var input = d.NewExecution ? d.Episode[1].Input : null;
        var inputChanged = d.NewExecution;
        var carriedSends = new List<OutboxEntry>();
        var leavingStoredGeneration = !d.NewExecution && d.State is not null;
        for (var loops = 0; d.Executor?.Outcome is { ContinueAsNew: true } next; loops++)
        {
            carriedSends.AddRange(ToEntries(recorded, d.Generation, d.Now, null).Where(e => e.Kind == OutboxKind.SendEvent));
            carriedSends.AddRange(outbox.Where(e => e.Kind == OutboxKind.SendEvent && !cleared.Contains(e.Id)));
            outbox.Clear();
            if (loops == 0 && leavingStoredGeneration)
            {
                deletes.AddRange(Enumerable.Range(0, d.State!.Episodes).Select(i => InstanceState.HistoryRowKey(InstanceId, d.State.Generation, i)));
            }

            d.Generation++;
            d.NewExecution = true;
            var first = recorded.FirstOrDefault(e => e.EventType == HistoryEventType.ExecutionStarted)
                ?? _history.First(e => e.EventType == HistoryEventType.ExecutionStarted);
            var restart = new List<HistoryEvent>
            {
                new() { EventType = HistoryEventType.OrchestratorStarted, Timestamp = d.Now },
                first with { Sequence = 0, Timestamp = d.Now, Input = next.Output },
            };
            restart.AddRange(next.CarryOver.Select(e => e with { Timestamp = d.Now }));
            input = next.Output;
            inputChanged = true;
            d.Executor = engine.CreateExecutor(InstanceId);
            if (loops >= MaxContinueAsNewPerEpisode)
            {
                restart.Add(new HistoryEvent
                {
                    EventType = HistoryEventType.ExecutionCompleted,
                    Timestamp = d.Now,
                    Status = InstanceStatus.Failed,
                    Failure = new FailureRecord("ContinueAsNewLoop", $"The orchestrator continued as new {loops} times without waiting for anything."),
                });
            }

            recorded = restart.Concat(d.Executor.Apply(restart)).ToList();
        }

        var baseSequence = d.NewExecution ? 0 : d.State?.EventCount ?? 0;
        recorded = recorded.Select((e, i) => e with { Sequence = baseSequence + i }).ToList();

        var outcome = d.Executor?.Outcome;
        var forced = recorded.LastOrDefault(e => e.EventType is HistoryEventType.ExecutionCompleted or HistoryEventType.ExecutionTerminated);
        var finalStatus = outcome?.Status
            ?? (forced is not null ? (forced.EventType == HistoryEventType.ExecutionTerminated ? InstanceStatus.Terminated : forced.Status ?? InstanceStatus.Failed)
            : d.Executor?.IsSuspended == true ? InstanceStatus.Suspended : InstanceStatus.Running);
        var terminal = finalStatus.IsTerminal();
        var output = terminal ? outcome?.Output ?? forced?.Result : null;
        var failure = finalStatus == InstanceStatus.Failed ? outcome?.Failure ?? forced?.Failure : null;

        var started0 = d.NewExecution ? recorded.First(e => e.EventType == HistoryEventType.ExecutionStarted) : null;
        var parentId = started0?.ParentInstanceId ?? (d.NewExecution ? null : d.State?.ParentInstanceId);
        var parentTask = started0?.ParentTaskId ?? d.State?.ParentTaskId ?? 0;
        var parentGeneration = started0?.ParentGeneration ?? d.State?.ParentGeneration ?? 0;
        var parentName = started0?.ParentName ?? d.State?.ParentName;

        var added = ToEntries(recorded, d.Generation, d.Now, null);
        outbox = outbox.Where(e => !cleared.Contains(e.Id)).Concat(carriedSends).Concat(added).ToList();
        if (terminal)
        {
            outbox = outbox.Where(e => e.Kind is OutboxKind.SendEvent or OutboxKind.NotifyParent).ToList();
            added = added.Where(e => e.Kind is OutboxKind.SendEvent or OutboxKind.NotifyParent).ToList();
            if (parentId is not null)
            {
                var notify = new OutboxEntry
                {
                    Id = $"parent:{d.Generation}",
                    Kind = OutboxKind.NotifyParent,
                    Generation = d.Generation,
                    TaskId = parentTask,
                    ParentGeneration = parentGeneration,
                    TargetInstanceId = parentId,
                    Name = (started0?.Name ?? d.State?.Name),
                    Result = finalStatus == InstanceStatus.Completed ? output : null,
                    Failure = finalStatus == InstanceStatus.Completed ? null
                        : failure ?? new FailureRecord("OrchestrationTerminated", $"Sub-orchestration '{InstanceId}' was terminated."),
                    CreatedAt = d.Now,
                };
                outbox.Add(notify);
                added = added.Append(notify).ToList();
            }
        }

        var name = d.Start?.Name ?? d.State?.Name ?? string.Empty;
        var customStatus = d.Executor?.CustomStatus;
        var previousCustom = d.State?.CustomStatus;
        var nextState = new InstanceState
        {
            InstanceId = InstanceId,
            Name = name,
            ExecutionId = d.Start?.ExecutionId ?? d.State!.ExecutionId,
            Generation = d.Generation,
            Episodes = (d.Generation == d.State?.Generation ? d.State.Episodes : 0) + 1,
            EventCount = baseSequence + recorded.Count,
            Status = finalStatus,
            CreatedAt = d.Start is not null ? d.Now : d.State!.CreatedAt,
            LastUpdatedAt = d.Now,
            CompletedAt = terminal ? d.Now : null,
            Output = await engine.Store.Payloads.ProtectAsync(InstanceId, output),
            CustomStatus = customStatus == previousCustom || customStatus is null ? customStatus : await engine.Store.Payloads.ProtectAsync(InstanceId, customStatus),
            Failure = failure is null ? null : DurableStore.Trim(failure),
            ParentInstanceId = parentId,
            ParentName = parentName,
            ParentTaskId = parentTask,
            ParentGeneration = parentGeneration,
            Outbox = outbox,
            Version = (d.State?.Version ?? 0) + 1,
            ETag = d.State?.ETag ?? default,
        };

        d.Plan.Commit = new CommitBatch(d.State, nextState, recorded, deletes.Distinct().ToList());
        d.Plan.Executor = d.Executor;
        d.Plan.History = d.Generation == d.State?.Generation && !inputChanged ? _history.Concat(recorded).ToList() : recorded.ToList();
        d.Plan.EventIds = d.Generation == d.State?.Generation ? new HashSet<string>(_eventIds.Concat(d.NewEventIds)) : recorded.Where(e => e.EventId is not null).Select(e => e.EventId!).ToHashSet();
        d.Plan.Cleared.UnionWith(cleared);
        d.Plan.NewInput = input;
        d.Plan.InputChanged = inputChanged;
        d.Plan.Dispatch.AddRange(added);
        if (d.Recover)
        {
            d.Plan.Dispatch.AddRange(outbox.Where(e => !added.Contains(e)));
        }

        return d.Plan;
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
}

using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// The in-process owner of one instance: takes its messages one batch at a time, runs an episode, commits it
/// (ETag-conditional; on a conflict it reloads and re-applies), then runs the work the episode scheduled.
/// It caches the instance's state and history, so a running instance is not reloaded between steps unless another
/// process wrote to it (each episode replays the cached history through Microsoft's executor, in memory).
/// Planning a turn is in <c>InstanceActor.Planning.cs</c>; its rows in the work and finished indexes in
/// <c>InstanceActor.Indexes.cs</c>.
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
    private Azure.ETag? _workETag;

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
                    if (WakesUp(commit))
                    {
                        await MarkWorkAheadAsync();
                    }

                    if (Finishes(commit))
                    {
                        await engine.Store.Finished.RecordAsync(InstanceId, commit.Next.ExecutionId, commit.Next.CreatedAt);
                    }

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

    private static bool IsTransient(Exception ex) => TransientFailures.IsTransient(ex);

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
            _projection = new ProjectionSnapshot(start.ProjectionETag, InstanceStatus.Running, null, null, null, 0, 0);
        }

        if (plan.Outcomes.Select(o => o.Message).FirstOrDefault(m => m.Kind == MessageKind.Start && m.WorkETag is not null) is { } started)
        {
            _workETag = started.WorkETag;
        }

        foreach (var entry in plan.Dispatch.Where(e => !startedEarly.Contains(e.Id)))
        {
            DispatchUnlessRunning(entry);
        }

        if (plan.Commit is not null && _state is { } state)
        {
            var shown = false;
            try
            {
                shown = await WriteProjectionAsync(state, plan);
            }
            catch (Exception ex)
            {
                // The sweep repairs the projection from the state row.
                Log.ProjectionFailed(engine.Logger, ex, InstanceId);
                _projection = null;
            }

            if (shown && state.Outbox.Count == 0)
            {
                await LeaveWorkIndexAsync();
            }
        }

        Settle(plan);
        if (plan.Commit is not null && _state is { Status: var status } && status.IsTerminal())
        {
            engine.SignalCompleted(InstanceId);
        }
    }

    /// <summary>Brings the Instances row up to the state; true when it shows this state (or a newer one) afterwards.</summary>
    private async Task<bool> WriteProjectionAsync(InstanceState state, EpisodePlan plan)
    {
        var failure = DurableStore.FailureJson(state.Failure);
        var desired = new ProjectionSnapshot(null, state.Status, state.CustomStatus, state.Output, failure, state.Version, state.Generation);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var known = _projection;
            if (known is null)
            {
                var row = await engine.Store.ReadInstanceAsync(InstanceId);
                if (row is null || row.ExecutionId != state.ExecutionId || row.Version >= state.Version)
                {
                    return row is not null && row.ExecutionId == state.ExecutionId;
                }

                known = _projection = new ProjectionSnapshot(row.ETag, row.RuntimeStatus, row.CustomStatus, row.Output, row.FailureDetails, row.Version, -1);
            }

            var needed = known.Status != desired.Status
                || known.CustomStatus != desired.CustomStatus
                || known.Output != desired.Output
                || known.Failure != desired.Failure
                || (plan.InputChanged && known.Generation != state.Generation);
            if (!needed)
            {
                return true;
            }

            var changes = new TableEntity(InstanceId, DurableStore.InstanceRowKey(InstanceId))
            {
                ["RuntimeStatus"] = state.Status.ToString(),
                ["CustomStatus"] = state.CustomStatus ?? string.Empty,
                ["Output"] = state.Output ?? string.Empty,
                ["FailureDetails"] = failure ?? string.Empty,
                ["LastUpdatedAt"] = state.LastUpdatedAt,
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
                return true;
            }

            _projection = null;
        }

        return false;
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

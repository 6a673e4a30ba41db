using Microsoft.Extensions.Logging;

namespace Shop.Durable;

/// <summary>
/// What an orchestrator uses to do anything: call activities and sub-orchestrations, wait on durable timers and
/// external events, read the (replay-safe) time, make GUIDs, log, set a custom status or continue as new.
/// </summary>
/// <remarks>
/// Everything here is recorded in (or replayed from) the instance's history, so it is deterministic. Follow the
/// replay rules stated on <see cref="TaskOrchestrator{TInput, TOutput}"/>: no clock, GUIDs, randomness, I/O or
/// threads in orchestrator code — use the members of this class instead. Call them only from the orchestrator's
/// own flow (never from another thread or after <c>ConfigureAwait(false)</c>).
/// </remarks>
public abstract class TaskOrchestrationContext
{
    /// <summary>The orchestrator's registered name.</summary>
    public abstract TaskName Name { get; }

    /// <summary>The instance id (chosen by the caller of <c>ScheduleNewOrchestrationInstanceAsync</c> or generated).</summary>
    public abstract string InstanceId { get; }

    /// <summary>The orchestration that started this one, or null.</summary>
    public abstract ParentOrchestrationInstance? Parent { get; }

    /// <summary>
    /// The replay-safe current time (UTC): the time the current episode started, recorded in the history, so it is
    /// the same on every replay. Use it instead of <see cref="DateTime.UtcNow"/>.
    /// </summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator is re-executing recorded history (use it to skip side effects such as logging).</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>The orchestration's input, deserialized as <typeparamref name="T"/>.</summary>
    public abstract T? GetInput<T>();

    /// <summary>Calls an activity and waits for it to complete (or fail: <see cref="TaskFailedException"/>).</summary>
    /// <remarks>Activities run at least once; see <see cref="TaskActivityContext.IdempotencyKey"/>.</remarks>
    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    /// <summary>Calls an activity and returns its result, deserialized as <typeparamref name="T"/>.</summary>
    /// <exception cref="TaskFailedException">The activity failed (after the retries of <paramref name="options"/>).</exception>
    public abstract Task<T> CallActivityAsync<T>(TaskName name, object? input = null, TaskOptions? options = null);

    /// <summary>A durable timer that fires <paramref name="delay"/> after <see cref="CurrentUtcDateTime"/>.</summary>
    /// <remarks>Timers survive restarts. Long timers (beyond the queue's 7-day limit) are chained internally.</remarks>
    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>A durable timer that fires at <paramref name="fireAt"/> (UTC). Cancelling the token cancels the wait.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for an external event (raised with <c>DurableTaskClient.RaiseEventAsync</c> or <see cref="SendEvent"/>)
    /// and returns its payload. Names are case-insensitive. An event that arrives before anyone waits for it is kept
    /// and handed to the first waiter; each event completes exactly one wait.
    /// </summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for an external event for at most <paramref name="timeout"/> (a durable timer).
    /// </summary>
    /// <exception cref="TaskCanceledException">The timeout passed before the event arrived.</exception>
    public Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout) =>
        WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <inheritdoc cref="WaitForExternalEvent{T}(string, TimeSpan)"/>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeoutTask = CreateTimer(timeout, timerCancellation.Token);
        using var eventCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventTask = WaitForExternalEvent<T>(eventName, eventCancellation.Token);

        var winner = await Task.WhenAny(timeoutTask, eventTask);
        if (winner == eventTask)
        {
            timerCancellation.Cancel();
        }
        else
        {
            eventCancellation.Cancel();
        }

        return await eventTask;
    }

    /// <summary>Sends an event to another orchestration instance (dropped if that instance does not exist or has finished).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Sets the custom status shown by <c>GetInstanceAsync</c> and the admin API (null clears it).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Runs another orchestrator as a child and waits for it.</summary>
    public virtual Task CallSubOrchestratorAsync(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(orchestratorName, input, options);

    /// <summary>
    /// Runs another orchestrator as a child and returns its output. Its instance id comes from
    /// <see cref="SubOrchestrationOptions.InstanceId"/>, else <c>{InstanceId}:{taskId}</c>.
    /// </summary>
    /// <exception cref="TaskFailedException">The sub-orchestration failed (after the retries of <paramref name="options"/>).</exception>
    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null);

    /// <summary>
    /// Restarts the orchestration with a fresh history and <paramref name="newInput"/> once the orchestrator returns
    /// (its return value is then ignored). Events received but not yet waited for are carried over unless
    /// <paramref name="preserveUnprocessedEvents"/> is false. Use it for eternal loops so the history stays small.
    /// </summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay (derived from the instance id, the current time and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes only when the orchestrator is not replaying.</summary>
    public ILogger CreateReplaySafeLogger(string categoryName) => new ReplaySafeLogger(this, LoggerFactory.CreateLogger(categoryName));

    /// <inheritdoc cref="CreateReplaySafeLogger(string)"/>
    public ILogger CreateReplaySafeLogger<T>() => CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);

    /// <summary>The logger factory behind <see cref="CreateReplaySafeLogger(string)"/>.</summary>
    protected abstract ILoggerFactory LoggerFactory { get; }
}

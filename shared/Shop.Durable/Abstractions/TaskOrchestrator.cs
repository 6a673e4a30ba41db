namespace Shop.Durable;

/// <summary>
/// An orchestrator: the code that coordinates activities, timers, events and sub-orchestrations of one workflow.
/// </summary>
/// <remarks>
/// <para>
/// Orchestrators are <b>replayed</b>. Each time the orchestration makes progress, and whenever its state has to be
/// rebuilt (another process picks it up, the process restarted), <see cref="RunAsync"/> runs again from the start
/// against the recorded history: calls whose results are already recorded complete at once with the recorded value.
/// So orchestrator code must be <b>deterministic</b>:
/// </para>
/// <list type="bullet">
///   <item>no clock: use <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, never <see cref="DateTime.UtcNow"/>
///   or a <see cref="TimeProvider"/>;</item>
///   <item>no new GUIDs or random numbers: use <see cref="TaskOrchestrationContext.NewGuid"/>, or get them from an activity;</item>
///   <item>no I/O (HTTP, storage, files, environment variables, configuration that may change): do it in an activity;</item>
///   <item>no threads, <c>Task.Run</c>, <c>Task.Delay</c> or <c>ConfigureAwait(false)</c>: await only the tasks the
///   context returns (and <c>Task.WhenAll</c>/<c>Task.WhenAny</c> over them); wait with
///   <see cref="TaskOrchestrationContext.CreateTimer(TimeSpan, CancellationToken)"/>;</item>
///   <item>log through <see cref="TaskOrchestrationContext.CreateReplaySafeLogger(string)"/> so replays do not log twice;</item>
///   <item>change the order or names of the calls only for new instances: a replay that schedules something other
///   than what the history recorded fails the instance with a <see cref="NonDeterministicOrchestrationException"/>.</item>
/// </list>
/// <para>Orchestrators are created through dependency injection but must not use injected services for I/O.</para>
/// </remarks>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    Type ITaskOrchestrator.OutputType => typeof(TOutput);

    /// <summary>Runs (or replays) the orchestration. See the class remarks for the replay rules.</summary>
    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, input is TInput typed ? typed : default!);
}

namespace Shop.Durable;

/// <summary>
/// An activity: one unit of work an orchestration calls. Activities may do anything (I/O, clocks, randomness) and
/// get their dependencies by constructor injection (a DI scope per call).
/// </summary>
/// <remarks>
/// Activities run <b>at least once</b>: a process can die after the activity did its work and before its result was
/// recorded, and the engine then runs it again. Make side effects idempotent with
/// <see cref="TaskActivityContext.IdempotencyKey"/> (for example as a payment provider's idempotency key).
/// An exception thrown by <see cref="RunAsync"/> fails the call: the orchestrator sees a
/// <see cref="TaskFailedException"/> (after the retries of its <see cref="RetryPolicy"/>, if any).
/// </remarks>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    Type ITaskActivity.OutputType => typeof(TOutput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, input is TInput typed ? typed : default!);
}

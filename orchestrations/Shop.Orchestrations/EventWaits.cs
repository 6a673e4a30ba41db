using Microsoft.DurableTask;

namespace Shop.Orchestrations;

/// <summary>Waiting in an orchestration for the first of several external events, or a deadline (the workflows' shared wait).</summary>
internal static class EventWaits
{
    /// <summary>
    /// Waits for the first of <paramref name="events"/> (each waited for by <paramref name="wait"/>) or
    /// <paramref name="deadline"/> (<see cref="DateTime.MaxValue"/>: none), then cancels the rest. Returns the event's name
    /// and payload, or (null, null) at the deadline.
    /// </summary>
    public static async Task<(string? Name, object? Payload)> FirstAsync(
        TaskOrchestrationContext context,
        DateTime deadline,
        IEnumerable<string> events,
        Func<string, CancellationToken, Task<object?>> wait)
    {
        using var cancel = new CancellationTokenSource();
        var waits = new Dictionary<Task, string>();
        foreach (var name in events)
        {
            waits[wait(name, cancel.Token)] = name;
        }

        var timer = deadline == DateTime.MaxValue ? null : context.CreateTimer(deadline, cancel.Token);
        var all = waits.Keys.ToList();
        if (timer is not null)
        {
            all.Add(timer);
        }

        var winner = await Task.WhenAny(all);
#pragma warning disable CA1849 // Cancel runs the callbacks inline, on the orchestration's thread, as replay requires.
        cancel.Cancel();
#pragma warning restore CA1849
        return winner == timer ? (null, null) : (waits[winner], await (Task<object?>)winner);
    }

    /// <summary>The wait for event <paramref name="name"/> with a payload of type <typeparamref name="T"/>, boxed.</summary>
    public static async Task<object?> For<T>(TaskOrchestrationContext context, string name, CancellationToken cancellationToken) =>
        await context.WaitForExternalEvent<T>(name, cancellationToken);
}

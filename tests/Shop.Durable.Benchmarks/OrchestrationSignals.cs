using System.Collections.Concurrent;

namespace Shop.Durable.Benchmarks;

/// <summary>
/// Completion signals raised by the benchmark's orchestrators themselves when they return (not replaying), for a backend
/// whose client has no in-process completion signal (Microsoft's gRPC client only polls). The terminal state is
/// committed just after; the DTFx row reads its latencies from the instances afterwards.
/// </summary>
internal static class OrchestrationSignals
{
    private static readonly ConcurrentDictionary<string, TaskCompletionSource> Waiting = new(StringComparer.Ordinal);

    public static Task WaitAsync(string instanceId) =>
        Waiting.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public static void Returned(string instanceId)
    {
        if (Waiting.TryRemove(instanceId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}

using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Testing.Benchmarks;

namespace Shop.Durable.Benchmarks;

/// <summary>Runs one orchestration many times with a bounded number in flight and measures it.</summary>
internal static class Workload
{
    /// <summary>
    /// Starts <paramref name="count"/> instances, at most <paramref name="concurrency"/> in flight; an instance leaves its slot
    /// when <paramref name="completion"/> (given the instance id before it is scheduled) completes. Latency is measured from
    /// the schedule call to that completion, unless <paramref name="serverLatency"/> reads it from the instance afterwards.
    /// </summary>
    public static async Task<WorkloadResult> RunAsync(
        string label,
        DurableTaskClient client,
        Func<string, Task> completion,
        StorageOperationCounter counter,
        string name,
        object? input,
        int count,
        int concurrency,
        int stepsPerOrchestration,
        bool serverLatency = false)
    {
        var latencies = new double[count];
        var ids = new string[count];
        using var slots = new SemaphoreSlim(concurrency);
        var before = counter.Take();
        var clock = Stopwatch.StartNew();
        var runs = new List<Task>(count);
        for (var i = 0; i < count; i++)
        {
            await slots.WaitAsync();
            var index = i;
            runs.Add(Task.Run(async () =>
            {
                try
                {
                    var id = ids[index] = $"{name}-{Guid.NewGuid():N}";
                    var done = completion(id);
                    var started = Stopwatch.GetTimestamp();
                    await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(id));
                    await done.WaitAsync(TimeSpan.FromMinutes(5));
                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
                finally
                {
                    slots.Release();
                }
            }));
        }

        await Task.WhenAll(runs);
        clock.Stop();
        var ops = counter.Take() - before;
        if (serverLatency)
        {
            // Outside the measured window: creation → terminal state committed, as the backend recorded them.
            for (var i = 0; i < count; i++)
            {
                var instance = await client.GetInstanceAsync(ids[i]) ?? throw new InvalidOperationException($"{ids[i]} is not found.");
                if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
                {
                    throw new InvalidOperationException($"{ids[i]} is {instance.RuntimeStatus}, not Completed.");
                }

                latencies[i] = (instance.LastUpdatedAt - instance.CreatedAt).TotalMilliseconds;
            }
        }

        Array.Sort(latencies);
        return new WorkloadResult(label, name, count, concurrency, clock.Elapsed, count * stepsPerOrchestration, ops, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

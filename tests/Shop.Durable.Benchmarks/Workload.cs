using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Durable.Core;
using Shop.Testing.Benchmarks;

namespace Shop.Durable.Benchmarks;

/// <summary>Runs one orchestration many times with a bounded number in flight and measures it.</summary>
internal static class Workload
{
    public static async Task<WorkloadResult> RunAsync(DurableTaskClient client, DurableEngine engine, StorageOperationCounter counter, string name, object? input, int count, int concurrency, int stepsPerOrchestration)
    {
        var latencies = new double[count];
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
                    var id = $"{name}-{Guid.NewGuid():N}";
                    var done = engine.WaitForSignalAsync(id);
                    var started = Stopwatch.GetTimestamp();
                    await client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(id));
                    await done.WaitAsync(TimeSpan.FromMinutes(2));
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
        Array.Sort(latencies);
        return new WorkloadResult(name, count, concurrency, clock.Elapsed, count * stepsPerOrchestration, ops, Percentile(latencies, 0.50), Percentile(latencies, 0.99));
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

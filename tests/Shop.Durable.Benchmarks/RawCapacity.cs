using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Shop.Durable.Benchmarks;

/// <summary>What the emulator itself does on this machine: point inserts and queue sends, 32 callers at once.</summary>
internal static class RawCapacity
{
    private const int Callers = 32;

    public static async Task<(double TableInsertsPerSecond, double BatchesPerSecond, double QueueSendsPerSecond)> MeasureAsync(string connectionString)
    {
        var table = new TableClient(connectionString, "rawcapacity");
        await table.CreateIfNotExistsAsync();
        await RateAsync(300, i => table.AddEntityAsync(new TableEntity("warmup", $"r{i}") { ["Value"] = i }));
        var tables = await RateAsync(2000, i => table.AddEntityAsync(new TableEntity($"p{i % 50}", $"r{i}") { ["Value"] = i }));

        // What one episode commit is: a two-entity transaction in one partition.
        var batches = await RateAsync(1000, i => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"b{i}", "h0") { ["Value"] = i }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity($"b{i}", "state") { ["Value"] = i }),
        ]));
        await table.DeleteAsync();

        var queue = new QueueClient(connectionString, "rawcapacity", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06));
        await queue.CreateIfNotExistsAsync();
        var queues = await RateAsync(500, i => queue.SendMessageAsync($"message {i}"));
        await queue.DeleteAsync();
        return (tables, batches, queues);
    }

    private static async Task<double> RateAsync(int count, Func<int, Task> operation)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Callers).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                await operation(i);
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }
}

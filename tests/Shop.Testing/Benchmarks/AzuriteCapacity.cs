using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;

namespace Shop.Testing.Benchmarks;

/// <summary>
/// What the emulator itself does on this machine, measured in the same run as a benchmark so that the benchmark's
/// figures can be read against it: table point inserts and point reads, two-entity transactions and queue sends,
/// 32 callers at once.
/// </summary>
public sealed record AzuriteCapacity(double TableInsertsPerSecond, double BatchesPerSecond, double QueueSendsPerSecond, double TablePointReadsPerSecond)
{
    private const int Callers = 32;

    /// <summary>Measures the emulator behind <paramref name="connectionString"/> (a few seconds; leaves nothing behind).</summary>
    public static async Task<AzuriteCapacity> MeasureAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var table = new TableClient(connectionString, "rawcapacity");
        await table.CreateIfNotExistsAsync(cancellationToken);
        await RateAsync(300, i => table.AddEntityAsync(new TableEntity("warmup", $"r{i}") { ["Value"] = i }, cancellationToken));
        var tables = await RateAsync(2000, i => table.AddEntityAsync(new TableEntity($"p{i % 50}", $"r{i}") { ["Value"] = i }, cancellationToken));
        var reads = await RateAsync(2000, i => table.GetEntityAsync<TableEntity>($"p{i * 7 % 2000 % 50}", $"r{i * 7 % 2000}", cancellationToken: cancellationToken));

        // What one durable episode commit is: a two-entity transaction in one partition (row keys unique in the table,
        // as the engine's are: see TableKeys).
        var batches = await RateAsync(1000, i => table.SubmitTransactionAsync(
        [
            new TableTransactionAction(TableTransactionActionType.Add, new TableEntity($"b{i}", $"h0.b{i}") { ["Value"] = i }),
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity($"b{i}", $"state.b{i}") { ["Value"] = i }),
        ], cancellationToken));
        await table.DeleteAsync(cancellationToken);

        var queue = new QueueClient(connectionString, "rawcapacity", new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06));
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var queues = await RateAsync(500, i => queue.SendMessageAsync($"message {i}", cancellationToken));
        await queue.DeleteAsync(cancellationToken);
        return new AzuriteCapacity(tables, batches, queues, reads);
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

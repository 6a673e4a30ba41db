using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using Shop.Domain.Inventory;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Functions.Tests.Storefront;

/// <summary>
/// The held-stock drift repair running while orders hold and release the same SKUs, on another instance of the app.
/// The repair once scanned the whole stock table, which the service returns page by page (1,000 rows a page), not as
/// a snapshot: padding rows here put a page boundary in the middle of a busy SKU's hold rows, where a hold taken
/// between two pages was missed by the scan while the item row read on the next page counted it. It now reads each
/// held SKU's item row and hold rows apart, with the same gap between the two reads: acting on such a read would lower
/// held below the live holds, so every difference is recounted consistently first.
/// </summary>
public sealed class StockDriftRaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    // The page size of a table query that asks for none (the service's maximum).
    private const int PageSize = 1000;

    // Standing holds of one unit each on every busy SKU: the page boundary falls among them.
    private const int StandingHolds = 40;

    // On hand for every busy SKU: the few units the standing holds leave are fought over by the churning orders, so
    // held stays close to on hand and a held quantity written too low is soon oversold.
    private const int OnHand = StandingHolds + 4;

    // Orders holding and releasing 1 to 3 units of a busy SKU, one after another, beside its standing holds.
    private const int ChurnersPerSku = 2;

    private readonly StorefrontFactory _shop = StorefrontFactory.Create(seedDemoData: false);
    private StorefrontFactory _repairer = null!;

    public async Task InitializeAsync()
    {
        await _shop.InitializeAsync();
        _repairer = StorefrontFactory.SharingTablesWith(_shop);
        await _repairer.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _repairer.DisposeAsync();
        await _shop.DisposeAsync();
    }

    [Fact]
    public async Task DriftRepair_WhileHoldsComeAndGo_NeverOversells_NorReportsDriftThatIsNotThere()
    {
        var run = "DR" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var busy = new[] { run + "-B", run + "-D" };
        var table = new TableClient(await SharedAzurite.GetConnectionStringAsync(), _shop.TablePrefix + "stock");
        await table.CreateIfNotExistsAsync();

        // Table order: padding A, busy B, padding C, busy D. B's rows are its hold rows, then "item", then its receipt;
        // the churn adds about ChurnersPerSku / 2 hold rows to B on average.
        await PadAsync(table, run + "-A", PageSize - (StandingHolds / 2));
        await PadAsync(table, run + "-C", PageSize - (StandingHolds / 2) - (ChurnersPerSku / 2) - 2 - (StandingHolds / 2));
        foreach (var sku in busy)
        {
            await _shop.Stock.ReceiveAsync(sku, OnHand);
            for (var i = 0; i < StandingHolds; i++)
            {
                Assert.True((await _shop.Stock.TryHoldAsync(NewOrderId(), [new(sku, 1)], DateTimeOffset.UtcNow.AddHours(1))).Succeeded);
            }
        }

        Assert.Equal(busy, await PageBoundaryPartitionsAsync(table));

        var stop = new CancellationTokenSource();
        var failures = new ConcurrentQueue<string>();
        var reported = new ConcurrentQueue<StockDrift>();
        var holdsTaken = 0;
        var repairs = 0;
        var samples = 0;

        var churn = busy.SelectMany(sku => Enumerable.Range(0, ChurnersPerSku).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var orderId = NewOrderId();
                try
                {
                    if ((await _shop.Stock.TryHoldAsync(orderId, [new(sku, 1 + ((worker + i) % 3))], DateTimeOffset.UtcNow.AddHours(1))).Succeeded)
                    {
                        Interlocked.Increment(ref holdsTaken);
                        await _shop.Stock.ReleaseAsync(orderId);
                    }
                }
                catch (Exception ex) when (ex is StockRuleException or TimeoutException)
                {
                    failures.Enqueue($"order {orderId} on {sku}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }))).ToList();

        var repairer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var drift in await _repairer.Stock.RepairHeldDriftAsync())
                {
                    if (busy.Contains(drift.Sku))
                    {
                        reported.Enqueue(drift);
                    }
                }

                Interlocked.Increment(ref repairs);
            }
        });

        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var sku in busy)
                {
                    var partition = await ReadPartitionAsync(table, sku);
                    if (partition.Figures.Violation() is { } violation)
                    {
                        failures.Enqueue($"{sku} while busy: {violation}");
                    }

                    if (partition.LiveHolds > partition.Figures.OnHand)
                    {
                        failures.Enqueue($"{sku} while busy is oversold: live holds {partition.LiveHolds} > on hand {partition.Figures.OnHand} (item says held {partition.Figures.Held})");
                    }
                }

                Interlocked.Increment(ref samples);
            }
        });

        // Enough repairs to meet the holds across a page boundary many times; a broken invariant ends the run early.
        await Eventually.TrueAsync(
            () => !failures.IsEmpty || (Volatile.Read(ref repairs) >= 40 && Volatile.Read(ref holdsTaken) >= 200),
            "40 repairs and 200 holds taken, or an invariant broken",
            TimeSpan.FromMinutes(3));
        await stop.CancelAsync();
        await Task.WhenAll([.. churn, repairer, sampler]);
        output.WriteLine($"{repairs} repairs, {holdsTaken} holds taken and released, {samples} samples, {failures.Count} failures, {reported.Count} drifts reported");

        Assert.True(failures.IsEmpty, $"{failures.Count} failures after {repairs} repairs, {holdsTaken} holds, {samples} samples; first: {string.Join(" | ", failures.Take(5))}");
        Assert.True(reported.IsEmpty, $"{reported.Count} drifts reported where there was none, after {repairs} repairs and {holdsTaken} holds; first: {string.Join(", ", reported.Take(5))}");

        // At rest: every churned hold was released, so held is the standing holds exactly, and nothing is left to repair.
        foreach (var sku in busy)
        {
            var partition = await ReadPartitionAsync(table, sku);
            Assert.Null(partition.Figures.Violation());
            Assert.Equal((StandingHolds, StandingHolds), (partition.Figures.Held, partition.LiveHolds));
            Assert.Equal(OnHand - StandingHolds, partition.Figures.Available);
        }

        Assert.DoesNotContain(await _repairer.Stock.RepairHeldDriftAsync(), d => busy.Contains(d.Sku));
    }

    private static string NewOrderId() => "order-" + Guid.NewGuid().ToString("N");

    /// <summary>Rows the repair passes over (neither an item nor a hold), written straight to the table to fill its pages.</summary>
    private static async Task PadAsync(TableClient table, string partitionKey, int rows)
    {
        for (var first = 0; first < rows; first += 100)
        {
            var batch = Enumerable.Range(first, Math.Min(100, rows - first))
                .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partitionKey, "padding-" + i.ToString("D5", CultureInfo.InvariantCulture))))
                .ToList();
            await table.SubmitTransactionAsync(batch);
        }
    }

    /// <summary>The partitions in which the pages of a scan of the whole table (as the repair makes) end.</summary>
    private static async Task<List<string>> PageBoundaryPartitionsAsync(TableClient table)
    {
        var boundaries = new List<string>();
        await foreach (var page in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]).AsPages())
        {
            if (page.ContinuationToken is not null)
            {
                var last = page.Values[^1];
                Assert.StartsWith("hold-", last.RowKey, StringComparison.Ordinal);
                boundaries.Add(last.PartitionKey);
            }
        }

        return boundaries;
    }

    /// <summary>One SKU's partition in one query (a single page): its item row's figures and the sum of its hold rows.</summary>
    private static async Task<(StockFigures Figures, int LiveHolds)> ReadPartitionAsync(TableClient table, string sku)
    {
        StockFigures? figures = null;
        var live = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {sku}")))
        {
            if (row.RowKey == "item")
            {
                var onHand = row.GetInt32("OnHand") ?? 0;
                var held = row.GetInt32("Held") ?? 0;
                figures = new StockFigures(onHand, held, onHand - held, row.GetInt64("Received") ?? 0, row.GetInt64("Sold") ?? 0);
            }
            else if (row.RowKey.StartsWith("hold-", StringComparison.Ordinal))
            {
                live += row.GetInt32("Quantity") ?? 0;
            }
        }

        return (figures ?? throw new InvalidOperationException($"{sku} has no item row."), live);
    }
}

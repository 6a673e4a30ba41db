using System.Diagnostics;
using System.Security.Cryptography;
using Shop.Hosting.Azurite;

namespace Shop.LoadTests;

/// <summary>
/// The chaos run (<c>--chaos N</c>): a private Azurite owned by the load test; the app as a child process; shoppers who
/// check out, cancel, and have ops ship and the carrier deliver, while the app is killed with SIGKILL N times and
/// restarted; then a drain until every order has settled, and the checks: end states, authorizations, captures,
/// emails, stock. Everything it starts, it stops.
/// </summary>
internal static class ChaosRun
{
    /// <summary>
    /// The settings the chaos run changes from the shipped ones: the recovery sweep runs every 5 s (shipped: 30 s) and
    /// takes over work left with no commit for 5 s (shipped: 2 min), so that work a kill interrupts resumes within the run.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RecoverySettings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Durable__RecoverAfter"] = "00:00:05",
        ["Durable__RecoverySchedule"] = "*/5 * * * * *",
    };

    private const int MaxErrors = 100;

    /// <summary>Orders whose outbox messages are also read through GET /api/dev/outbox, to check the listing against it.</summary>
    private const int OutboxSample = 20;

    /// <summary>Runs the chaos test and prints the report; 0 when every check passed and no shopper saw an error.</summary>
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var loadAtStart = ProcessStats.LoadAverage();
        Console.WriteLine($"Shop chaos run — {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {loadAtStart}");
        Console.WriteLine($"{options.Chaos} kills (SIGKILL), chaos seed {options.ChaosSeed} (repeat with --chaos-seed {options.ChaosSeed}), a kill {options.ChaosGap.TotalSeconds * 0.5:0.#}–{options.ChaosGap.TotalSeconds * 1.5:0.#} s after each start; {options.Shoppers} shoppers (seed {options.Seed}); app: {options.AppPath}");
        Console.WriteLine("Changed from the shipped settings: " + string.Join(", ", RecoverySettings.Select(s => $"{s.Key}={s.Value}")));

        Console.WriteLine("Starting a private Azurite (in memory, free ports), owned by the load test...");
        await using var azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions { BlobPort = AzuriteProcess.FindFreePort(), QueuePort = AzuriteProcess.FindFreePort(), TablePort = AzuriteProcess.FindFreePort(), Location = null },
            cancellationToken);
        var azuritePid = ProcessStats.FindAzurite(azurite.Options.TablePort);
        var settings = AppSettings.For(azurite.ConnectionString);
        settings["Email__OutboxContainer"] = OutboxListing.Container;
        foreach (var (name, value) in RecoverySettings)
        {
            settings[name] = value;
        }

        await using var app = new ChaosApp(options.AppPath, settings);
        await app.StartAsync(cancellationToken);
        using var http = ShopClient.CreateHttp(app.BaseAddress);
        var setup = new ShopClient(http, new Recorder(), AppSettings.AdminKey, AppSettings.CarrierSecret);
        var (skus, soldBefore) = await CatalogSetup.StockAsync(setup, 100_000, cancellationToken);
        Console.WriteLine($"App up on {app.BaseAddress} (pid {app.Pid}); Azurite pid {azuritePid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "not found (its survival is not checked)"}; {skus.Count} products, 100,000 units received for each.");

        // ---- Shoppers while the app is killed and restarted ----
        var tally = new ChaosTally();
        var runClock = Stopwatch.StartNew();
        using var stopOrders = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var shoppers = RunShoppersAsync(http, options, skus, runId, tally, stopOrders.Token, abort.Token);
        IReadOnlyList<ChaosKill> kills;
        try
        {
            kills = await new ChaosMonkey(app, options, azuritePid).RunAsync(runClock, cancellationToken);

            // One more ordinary stretch after the last restart, then no new orders; the orders in flight finish.
            await Task.Delay(options.ChaosGap, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await abort.CancelAsync();
            await shoppers.ContinueWith(_ => { }, TaskScheduler.Default);
            Console.Error.WriteLine($"The chaos loop stopped: {ex.Message}{Environment.NewLine}The app's last output:{Environment.NewLine}{app.RecentOutput()}");
            return 1;
        }

        await stopOrders.CancelAsync();
        Console.WriteLine($"Kills done at {runClock.Elapsed.TotalSeconds:0} s; no new orders; waiting for the shoppers' orders in flight...");
        await shoppers;
        var shopping = runClock.Elapsed;

        // ---- Drain: every order to its end state, then the checks ----
        var orderIds = (await OrderAudit.ListOrdersAsync(setup, cancellationToken)).Union(tally.Orders.Keys, StringComparer.Ordinal).ToList();
        Console.WriteLine($"Shoppers done at {shopping.TotalSeconds:0} s ({tally.Orders.Count} orders, {tally.Errors.ErrorCount} errors); draining {orderIds.Count} orders (at most {options.Drain.TotalSeconds:0} s)...");
        var (views, drained) = await OrderAudit.DrainAsync(setup, orderIds, options.Drain, cancellationToken);
        var auditClock = Stopwatch.StartNew();
        var outbox = await OutboxListing.ByOrderAsync(azurite.ConnectionString, cancellationToken);
        var facts = await OrderAudit.ReadFactsAsync(setup, views, tally.Orders, outbox, cancellationToken);
        List<ChaosCheck> checks = [.. OrderAudit.Check(facts, tally.Orders), await OrderAudit.CompareOutboxAsync(setup, facts, OutboxSample, cancellationToken)];
        var everyOrderEnded = facts.All(f => OrderAudit.IsSettled(f.View));
        var inventory = await InventoryCheck.RunAsync(setup, skus, soldBefore, facts.Where(f => f.Stamp("shipped") is not null).SelectMany(f => f.View.Order.Lines ?? []), everyOrderEnded, cancellationToken);
        var audit = auditClock.Elapsed;

        var report = new ChaosReportData(options, kills, facts, checks, inventory, tally, app, azuritePid, shopping, drained, audit, loadAtStart, ProcessStats.LoadAverage());
        ChaosReport.Print(report);
        return report.Passed ? 0 : 1;
    }

    /// <summary>Shoppers placing orders back to back until <paramref name="stopOrders"/>; each order in flight then finishes.</summary>
    private static Task RunShoppersAsync(HttpClient http, LoadOptions options, IReadOnlyList<string> skus, string runId, ChaosTally tally, CancellationToken stopOrders, CancellationToken cancellationToken)
    {
        var number = 0;
        return Task.WhenAll(Enumerable.Range(1, options.Shoppers).Select(id => Task.Run(
            async () =>
            {
                var shopper = new ChaosShopper(new ShopClient(http, new Recorder(), AppSettings.AdminKey, AppSettings.CarrierSecret), skus, options, runId, tally);
                var random = new Random(unchecked((options.Seed * 1_000_003) + id));
                while (!stopOrders.IsCancellationRequested && tally.Errors.ErrorCount < MaxErrors)
                {
                    try
                    {
                        await shopper.PlaceOrderAsync(id, Interlocked.Increment(ref number), random, cancellationToken);
                    }
                    catch (LoadException ex)
                    {
                        tally.Errors.Error(ex.Kind, ex.Message);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        tally.Errors.Error(ex.GetType().Name, ex.Message);
                    }
                }
            },
            cancellationToken)));
    }
}

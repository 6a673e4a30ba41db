using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Shop.Hosting.Azurite;
using Shop.Hosting.Storage;
using Shop.Testing.Benchmarks;

namespace Shop.LoadTests;

/// <summary>
/// One run: a private Azurite and its raw capacity; the app as a child process, its storage through counting relays;
/// the catalog stocked; a lone shopper (the floor, traced request by request); a warm-up; the measured shoppers;
/// then the workflows' histories and the stock, read after the measurement. Everything it starts, it stops.
/// </summary>
internal static class LoadRun
{
    /// <summary>Runs the load test and prints the report; 0 when there were no errors and the stock adds up.</summary>
    public static async Task<int> RunAsync(LoadOptions options, CancellationToken cancellationToken)
    {
        var runId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var loadAtStart = ProcessStats.LoadAverage();
        Console.WriteLine($"Shop order pipeline load test — {Environment.ProcessorCount} cores, .NET {Environment.Version}, load average {loadAtStart}");
        Console.WriteLine($"{options.Shoppers} shoppers, {options.Duration.TotalSeconds:0} s{(options.Orders > 0 ? $" or {options.Orders} orders" : string.Empty)}, {options.StatusMethod}; app: {options.AppPath}");

        Console.WriteLine("Starting a private Azurite (in memory, free ports)...");
        await using var azurite = await AzuriteProcess.StartAsync(
            new AzuriteOptions { BlobPort = AzuriteProcess.FindFreePort(), QueuePort = AzuriteProcess.FindFreePort(), TablePort = AzuriteProcess.FindFreePort(), Location = null },
            cancellationToken);
        var azuritePid = ProcessStats.FindAzurite(azurite.Options.TablePort);
        var raw = await AzuriteCapacity.MeasureAsync(azurite.ConnectionString, cancellationToken);
        Console.WriteLine($"Raw Azurite: {raw.TablePointReadsPerSecond:0} table point reads/s, {raw.TableInsertsPerSecond:0} inserts/s, {raw.BatchesPerSecond:0} two-entity transactions/s, {raw.QueueSendsPerSecond:0} queue sends/s (32 concurrent callers)");

        var counter = options.Direct ? null : new StorageOperationCounter(azurite.Options.TablePort, azurite.Options.QueuePort, azurite.Options.BlobPort);
        var storageLatency = new Samples();
        var storageByKind = new Recorder();
        var trace = new StorageTrace();
        (StorageProxy Table, StorageProxy Queue, StorageProxy Blob)? relays = counter is null ? null : StorageProxy.StartAll(azurite.Options, counter, storageLatency, storageByKind, trace);
        try
        {
            var storage = relays is (var table, var queue, var blob) ? StorageConnection.ForAzurite(blob.Port, queue.Port, table.Port) : azurite.ConnectionString;
            Console.WriteLine(relays is null ? "Starting the app (direct to Azurite: storage operations not counted)..." : "Starting the app (storage through counting relays)...");
            await using var app = await AppProcess.StartAsync(options.AppPath, AppSettings.For(storage), TimeSpan.FromSeconds(90), cancellationToken);
            using var http = ShopClient.CreateHttp(app.BaseAddress);

            // Every SKU of the demo catalog, with enough stock for the run.
            var setup = new ShopClient(http, new Recorder(), AppSettings.AdminKey, AppSettings.CarrierSecret);
            var (skus, soldBefore) = await CatalogSetup.StockAsync(setup, 100_000, cancellationToken);
            Console.WriteLine($"App up on {app.BaseAddress} (pid {app.Pid}); {skus.Count} products, 100,000 units received for each.");
            var phases = new Phases(http, options, skus, runId, AppSettings.AdminKey, AppSettings.CarrierSecret, counter, trace);
            var allOrders = new List<OrderResult>();

            // ---- Warm-up at full concurrency, not measured ----
            var warmup = new Recorder();
            if (options.WarmupOrdersPerShopper > 0)
            {
                await phases.RunShoppersAsync(options.Shoppers, options.Duration, options.Shoppers * options.WarmupOrdersPerShopper, warmup, 50, cancellationToken);
                allOrders.AddRange(warmup.Orders);
                Console.WriteLine($"Warm-up: {warmup.Orders.Count} orders, {warmup.ErrorCount} errors.");
            }

            // ---- One shopper alone, warm: the floor, and the storage operations of each phase ----
            var soloRecorder = new Recorder();
            SoloResult solo;
            try
            {
                solo = await phases.RunSoloAsync(3, soloRecorder, cancellationToken);
            }
            catch (LoadException ex)
            {
                Console.Error.WriteLine($"A lone shopper's order failed, so the app is not working; no load was run.{Environment.NewLine}{ex.Kind}: {ex.Message}{Environment.NewLine}The app's last output:{Environment.NewLine}{app.RecentOutput()}");
                return 1;
            }

            allOrders.AddRange(soloRecorder.Orders);
            Console.WriteLine($"Alone: checkout {Median(solo.Orders.Select(o => o.CheckoutMs)):0} ms, checkout → Confirmed {Median(solo.Orders.Select(o => o.ConfirmedObservedMs)):0} ms (median of {solo.Orders.Count}).");

            // ---- The measured run ----
            await phases.QuietAsync(cancellationToken);
            storageLatency.Drain();
            storageByKind.DrainRequests();
            var recorder = new Recorder();
            var opsBefore = counter?.Take() ?? default;
            var cpuBefore = (App: ProcessStats.CpuTime(app.Pid), Azurite: ProcessStats.CpuTime(azuritePid), Self: Process.GetCurrentProcess().TotalProcessorTime);
            var problemsBefore = app.LoggedProblems;
            Console.WriteLine($"Measuring: {options.Shoppers} shoppers...");
            var window = await phases.RunShoppersAsync(options.Shoppers, options.Duration, options.Orders, recorder, 100, cancellationToken);
            var ops = (counter?.Take() ?? default) - opsBefore;
            var cpu = (App: ProcessStats.CpuTime(app.Pid) - cpuBefore.App, Azurite: ProcessStats.CpuTime(azuritePid) - cpuBefore.Azurite, Self: Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Self);
            var storageTimes = storageLatency.Drain();
            var storageKinds = storageByKind.DrainRequests();
            var problems = app.LoggedProblems;
            var loadAtEnd = ProcessStats.LoadAverage();
            var orders = recorder.Orders.ToList();
            allOrders.AddRange(orders);
            var requests = recorder.DrainRequests();

            // ---- After the run: where the time went, and whether the stock adds up ----
            var breakdown = await StepBreakdown.MeasureAsync(setup, orders, 40, cancellationToken);
            var inventory = await InventoryCheck.RunAsync(setup, skus, soldBefore, allOrders.SelectMany(o => o.Lines), recorder.ErrorCount + warmup.ErrorCount + soloRecorder.ErrorCount == 0, cancellationToken);
            var peakMb = ProcessStats.PeakResidentMb(app.Pid);

            // The emulator again, with the app idle: the machine is shared, so its speed may have changed during the run.
            var rawAfter = await AzuriteCapacity.MeasureAsync(azurite.ConnectionString, cancellationToken);

            Report.Print(new ReportData(
                options, raw, rawAfter, solo, orders, window, recorder, requests, counter is null ? null : ops, storageTimes, storageKinds, relays is (var t, var q, var b) ? t.LostConnections + q.LostConnections + b.LostConnections : 0,
                cpu.App, cpu.Azurite, cpu.Self, peakMb, problems.Warnings - problemsBefore.Warnings, problems.Failures - problemsBefore.Failures, app.FirstProblems(),
                breakdown, inventory, loadAtStart, loadAtEnd));
            return recorder.ErrorCount == 0 && inventory.Consistent ? 0 : 1;
        }
        finally
        {
            if (relays is (var table, var queue, var blob))
            {
                await table.DisposeAsync();
                await queue.DisposeAsync();
                await blob.DisposeAsync();
            }
        }
    }

    private static double Median(IEnumerable<double> values) => Samples.Percentile([.. values.Order()], 0.5);
}

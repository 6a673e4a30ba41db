using Shop.Testing.Benchmarks;

namespace Shop.LoadTests;

/// <summary>Everything the run measured, for the report.</summary>
internal sealed record ReportData(
    LoadOptions Options,
    AzuriteCapacity Raw,
    AzuriteCapacity RawAfter,
    SoloResult Solo,
    IReadOnlyList<OrderResult> Orders,
    TimeSpan Window,
    Recorder Recorder,
    IReadOnlyDictionary<string, double[]> Requests,
    StorageOperations? Ops,
    double[] StorageTimes,
    IReadOnlyDictionary<string, double[]> StorageKinds,
    long LostConnections,
    TimeSpan? AppCpu,
    TimeSpan? AzuriteCpu,
    TimeSpan SelfCpu,
    double? AppPeakMb,
    int AppWarnings,
    int AppFailures,
    IReadOnlyList<string> AppProblems,
    IReadOnlyList<(string Segment, double[] Sorted)> Breakdown,
    InventoryResult Inventory,
    string LoadAtStart,
    string LoadAtEnd);

/// <summary>Prints the run's figures as Markdown, ready for docs/benchmarks.md.</summary>
internal static class Report
{
    public const double TargetConfirmedP50Ms = 200;
    public const int TargetShoppers = 10;

    public static void Print(ReportData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var o = d.Options;
        var n = d.Orders.Count;
        var seconds = d.Window.TotalSeconds;
        var checkout = Sorted(d.Orders.Select(r => r.CheckoutMs));
        var observed = Sorted(d.Orders.Select(r => r.ConfirmedObservedMs));
        var stamped = Sorted(d.Orders.Select(r => r.ConfirmedStampedMs));
        var cycle = Sorted(d.Orders.Select(r => r.CycleMs));
        var polls = n == 0 ? 0 : d.Orders.Average(r => r.Polls);

        Console.WriteLine();
        Console.WriteLine($"### Results — {Environment.ProcessorCount} cores, load average {d.LoadAtStart} at start, {d.LoadAtEnd} at end");
        Console.WriteLine();
        Console.WriteLine($"Raw Azurite in the same run (32 concurrent callers), before → after the load: {d.Raw.TablePointReadsPerSecond:0} → {d.RawAfter.TablePointReadsPerSecond:0} table point reads/s, {d.Raw.TableInsertsPerSecond:0} → {d.RawAfter.TableInsertsPerSecond:0} inserts/s, {d.Raw.BatchesPerSecond:0} → {d.RawAfter.BatchesPerSecond:0} two-entity transactions/s, {d.Raw.QueueSendsPerSecond:0} → {d.RawAfter.QueueSendsPerSecond:0} queue sends/s.");
        Console.WriteLine();

        var solo = d.Solo;
        Console.WriteLine($"One shopper alone (median of {solo.Orders.Count} orders): checkout {Median(solo.Orders.Select(r => r.CheckoutMs)):0} ms, checkout → Confirmed {Median(solo.Orders.Select(r => r.ConfirmedObservedMs)):0} ms, whole order {Median(solo.Orders.Select(r => r.CycleMs)):0} ms.");
        if (d.Ops is not null)
        {
            Console.WriteLine();
            Console.WriteLine("| phase (one shopper alone) | storage ops | status polls | storage ops without the polls |");
            Console.WriteLine("|---|---|---|---|");
            foreach (var phase in solo.Phases)
            {
                Console.WriteLine($"| {PhaseName(phase.Name)} | {phase.Ops:0.#} | {phase.Polls:0.#} | {phase.Ops - (phase.Polls * solo.OpsPerPoll):0.#} |");
            }

            var total = solo.Phases.Sum(p => p.Ops);
            var totalPolls = solo.Phases.Sum(p => p.Polls);
            Console.WriteLine($"| **whole order** | {total:0.#} | {totalPolls:0.#} | **{total - (totalPolls * solo.OpsPerPoll):0.#}** |");
            Console.WriteLine();
            Console.WriteLine($"One status poll (GET /api/orders/{{id}}) costs {solo.OpsPerPoll:0.##} storage operations.");
            Console.WriteLine();
            Console.WriteLine("The lone shopper's last order, request by request (runs folded; status polls included):");
            Console.WriteLine();
            foreach (var (phase, requests) in solo.Trace)
            {
                Console.WriteLine($"* {PhaseName(phase)} — {requests.Count}: {StorageTrace.Fold(requests)}");
            }

            var byTarget = solo.Trace.SelectMany(t => t.Requests).GroupBy(r => r).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
            Console.WriteLine();
            Console.WriteLine("The same order by request: " + string.Join(", ", byTarget.Select(g => $"{g.Key} ×{g.Count()}")) + ".");
        }

        Console.WriteLine();
        Console.WriteLine($"{o.Shoppers} concurrent shoppers for {seconds:0.0} s (new orders for {o.Duration.TotalSeconds:0} s{(o.Orders > 0 ? $" or {o.Orders} orders" : string.Empty)}, then the orders in flight finished), {o.StatusMethod}, no think time:");
        Console.WriteLine();
        Console.WriteLine("| measure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| orders delivered | {n} ({n / seconds:0.0} orders/s) |");
        Console.WriteLine($"| errors | {d.Recorder.ErrorCount} |");
        Console.WriteLine($"| checkout call, p50 / p99 | {P(checkout, 0.5):0} / {P(checkout, 0.99):0} ms |");
        Console.WriteLine($"| **checkout → Confirmed**, seen by the shopper, p50 / p99 | **{P(observed, 0.5):0} / {P(observed, 0.99):0} ms** |");
        Console.WriteLine($"| checkout → Confirmed, the order's own timeline stamp, p50 / p99 | {P(stamped, 0.5):0} / {P(stamped, 0.99):0} ms |");
        Console.WriteLine($"| whole order (browse → Delivered), p50 / p99 | {P(cycle, 0.5):0} / {P(cycle, 0.99):0} ms |");
        Console.WriteLine($"| status polls per order | {polls:0.0} |");
        if (d.Ops is { } ops && n > 0)
        {
            var workPerOrder = (double)ops.Work / n;
            var withoutPolls = workPerOrder - (polls * solo.OpsPerPoll);
            Console.WriteLine($"| storage ops per order (work: tables + blobs + queue sends) | {workPerOrder:0.0} ({(double)ops.Tables / n:0.0} table, {(double)ops.Blobs / n:0.0} blob, {(double)ops.QueueSends / n:0.00} queue sends) |");
            Console.WriteLine($"| storage ops per order without the status polls | {withoutPolls:0.0} |");
            Console.WriteLine($"| storage ops per order incl. queue polling | {(double)ops.All / n:0.0} |");
            var inserts = (d.Raw.TableInsertsPerSecond + d.RawAfter.TableInsertsPerSecond) / 2;
            var reads = (d.Raw.TablePointReadsPerSecond + d.RawAfter.TablePointReadsPerSecond) / 2;
            Console.WriteLine($"| storage ops/s (work) vs raw point reads/s, inserts/s (mean of before and after) | {ops.Work / seconds:0} vs {reads:0}, {inserts:0} = {ops.Work / seconds / reads:P0}, {ops.Work / seconds / inserts:P0} |");
            Console.WriteLine($"| emulator-bound ceiling (raw ops/s ÷ ops per order, inserts to reads) | {inserts / workPerOrder:0.0}–{reads / workPerOrder:0.0} orders/s; {n / seconds:0.0} reached |");
            Console.WriteLine($"| storage request time at the relay (sent → first byte back), p50 / p99 | {P(d.StorageTimes, 0.5):0.0} / {P(d.StorageTimes, 0.99):0.0} ms over {d.StorageTimes.Length} requests |");
        }

        Console.WriteLine($"| CPU, share of one core: app / Azurite / load generator{(d.Ops is null ? string.Empty : " + relays")} | {Share(d.AppCpu, seconds)} / {Share(d.AzuriteCpu, seconds)} / {Share(d.SelfCpu, seconds)} |");
        Console.WriteLine($"| app peak memory (resident, VmHWM) | {(d.AppPeakMb is { } mb ? $"{mb:0} MB" : "n/a")} |");
        Console.WriteLine($"| app log lines at Warning / Error during the run | {d.AppWarnings} / {d.AppFailures} |");
        Console.WriteLine($"| inventory after the run | {(d.Inventory.Consistent ? "consistent" : "INCONSISTENT")} ({d.Inventory.UnitsSold} units sold in the run; on hand = available + held, nothing left held, sold = units delivered) |");

        Console.WriteLine();
        Console.WriteLine("| request | count | p50 ms | p99 ms |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (kind, values) in d.Requests.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"| {kind} | {values.Length} | {P(values, 0.5):0} | {P(values, 0.99):0} |");
        }

        if (d.StorageKinds.Count > 0)
        {
            // What the emulator spends its time on: the kinds of storage request by their total time at the relay.
            var total = d.StorageKinds.Values.Sum(v => v.Sum());
            Console.WriteLine();
            Console.WriteLine("Storage requests by kind during the run (time at the relay, sent → first byte back; the 15 kinds with the most total time):");
            Console.WriteLine();
            Console.WriteLine("| storage request | per order | p50 ms | p99 ms | share of all request time |");
            Console.WriteLine("|---|---|---|---|---|");
            foreach (var (kind, values) in d.StorageKinds.OrderByDescending(k => k.Value.Sum()).Take(15))
            {
                Console.WriteLine($"| {kind} | {(n > 0 ? (double)values.Length / n : 0):0.0} | {P(values, 0.5):0.0} | {P(values, 0.99):0.0} | {values.Sum() / total:P0} |");
            }
        }

        if (d.Breakdown.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"Where checkout → Confirmed goes ({d.Breakdown[0].Sorted.Length} orders sampled across the run; from each workflow's history and the order's timeline):");
            Console.WriteLine();
            Console.WriteLine("| segment | p50 | p90 |");
            Console.WriteLine("|---|---|---|");
            foreach (var (segment, values) in d.Breakdown)
            {
                Console.WriteLine($"| {segment} | {P(values, 0.5):0} | {P(values, 0.9):0} |");
            }
        }

        if (d.Recorder.ErrorCount > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Errors by kind: " + string.Join(", ", d.Recorder.ErrorKinds.Select(k => $"{k.Key} × {k.Value}")));
            foreach (var sample in d.Recorder.ErrorSamples)
            {
                Console.WriteLine("  " + sample);
            }
        }

        foreach (var problem in d.Inventory.Problems.Take(10))
        {
            Console.WriteLine("  inventory: " + problem);
        }

        foreach (var line in d.AppProblems)
        {
            Console.WriteLine("  app log: " + line);
        }

        if (d.LostConnections > 0)
        {
            Console.WriteLine($"  note: the relays lost track of {d.LostConnections} connections; their later requests were not counted.");
        }

        var met = P(observed, 0.5) <= TargetConfirmedP50Ms && d.Recorder.ErrorCount == 0 && n > 0;
        var verdict = o.Shoppers == TargetShoppers ? (met ? "met" : "MISSED") : $"not judged (it is set for {TargetShoppers} shoppers)";
        Console.WriteLine();
        Console.WriteLine($"Target (checkout → Confirmed p50 ≤ {TargetConfirmedP50Ms:0} ms at {TargetShoppers} shoppers, zero errors): {verdict} — p50 {P(observed, 0.5):0} ms with {o.Shoppers} shoppers, {d.Recorder.ErrorCount} errors.");
    }

    private static string PhaseName(string phase) => phase switch
    {
        "browse" => "browse: a catalog page, a product",
        "cart" => "cart: create, add 1–2 lines",
        "confirm" => "checkout → Confirmed (incl. the workflow settling)",
        "ship" => "ship: admin shipment → Shipped",
        "deliver" => "deliver: carrier webhook → Delivered",
        _ => phase,
    };

    private static string Share(TimeSpan? cpu, double seconds) => cpu is { } c ? $"{c.TotalSeconds / seconds:P0}" : "n/a";

    private static double[] Sorted(IEnumerable<double> values) => [.. values.Order()];

    private static double Median(IEnumerable<double> values) => P(Sorted(values), 0.5);

    private static double P(double[] sorted, double p) => Samples.Percentile(sorted, p);
}

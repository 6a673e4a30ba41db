namespace Shop.LoadTests;

/// <summary>Everything a chaos run found, for the report.</summary>
internal sealed record ChaosReportData(
    LoadOptions Options,
    IReadOnlyList<ChaosKill> Kills,
    IReadOnlyList<OrderFacts> Orders,
    IReadOnlyList<ChaosCheck> Checks,
    InventoryResult Inventory,
    ChaosTally Tally,
    ChaosApp App,
    int? AzuritePid,
    TimeSpan Shopping,
    TimeSpan Drained,
    TimeSpan Audit,
    string LoadAtStart,
    string LoadAtEnd)
{
    /// <summary>Every check without a violation, the stock consistent, and no shopper error.</summary>
    public bool Passed => Checks.All(c => c.Violations.Count == 0) && Inventory.Consistent && Tally.Errors.ErrorCount == 0;
}

/// <summary>Prints a chaos run's figures and checks as Markdown, ready for docs/benchmarks.md.</summary>
internal static class ChaosReport
{
    private const int SamplesPerCheck = 5;

    public static void Print(ChaosReportData d)
    {
        ArgumentNullException.ThrowIfNull(d);
        var o = d.Options;
        var orders = d.Orders;
        var healthy = Sorted(d.Kills.Select(k => k.Healthy.TotalMilliseconds));
        var (confirming, notConfirming) = ConfirmingAgain(d.Kills, orders);
        var open = d.Kills.Select(k => (Kill: k, Orders: orders.Where(f => IsOpenAt(f, k.At)).ToList())).ToList();
        var openCounts = Sorted(open.Select(k => (double)k.Orders.Count));
        var stalls = open.SelectMany(k => k.Orders.Select(f => Stall(k.Kill, f))).OrderByDescending(s => s.Ms).ToList();
        var nextStep = Sorted(stalls.Select(s => s.Ms).Where(double.IsFinite));
        var neverMoved = stalls.Count(s => !double.IsFinite(s.Ms));
        var (warnings, failures) = d.App.LoggedProblems;

        Console.WriteLine();
        Console.WriteLine($"### Chaos run — {Environment.ProcessorCount} cores, load average {d.LoadAtStart} at start, {d.LoadAtEnd} at end");
        Console.WriteLine();
        Console.WriteLine($"`--chaos {o.Chaos} --chaos-seed {o.ChaosSeed} --chaos-gap {o.ChaosGap.TotalSeconds:0.#}s --shoppers {o.Shoppers} --seed {o.Seed}`; changed from the shipped settings: {string.Join(", ", ChaosRun.RecoverySettings.Select(s => $"`{s.Key}={s.Value}`"))}.");
        Console.WriteLine();
        Table(("measure", "value"), [
            ("orders in the store / ids the shoppers got, by story", $"{orders.Count} / {d.Tally.Orders.Count}: {Counts(d.Tally.Orders.Values.Select(s => s.ToString()))}"),
            ("kills (SIGKILL of the app's process tree) / restarts", $"{d.Kills.Count} / {d.App.Lives - 1}; " + (d.AzuritePid is { } azurite ? $"Azurite (pid {azurite}) alive after every kill" : "Azurite's pid not found: its survival not checked")),
            ("app answering /api/health again after a kill (kill → restarted → healthy), p50 / max", $"{P(healthy, 0.5):0} / {P(healthy, 1):0} ms"),
            ("kill → the first order confirmed after it, p50 / max", (confirming.Length == 0 ? "n/a" : $"{P(confirming, 0.5):0} / {P(confirming, 1):0} ms") + (notConfirming > 0 ? $" ({notConfirming} kills with none before the next kill)" : string.Empty)),
            ("orders open at a kill (placed, not yet at their end), p50 / max", $"{P(openCounts, 0.5):0} / {P(openCounts, 1):0}"),
            ($"kill → the next step of each order open at it (workflow or shopper), p50 / max over {nextStep.Length}", $"{P(nextStep, 0.5):0} / {P(nextStep, 1):0} ms" + (neverMoved > 0 ? $"; **{neverMoved} orders never moved again**" : string.Empty)),
            ("instances whose work the recovery sweep took over from a dead process", $"{d.App.RecoveredInstances.Count}"),
            ("emails sent again under a key already used (a step re-run after a kill), stored once by the outbox", $"{d.App.AlreadySentEmails}"),
            ("calls sent again by the shoppers", d.Tally.Repeats.Count == 0 ? "none" : string.Join(", ", d.Tally.Repeats.OrderByDescending(r => r.Value).Select(r => $"{r.Key} ×{r.Value}"))),
            ("shopping with kills / drain until every order settled / checks", $"{d.Shopping.TotalSeconds:0} s / {d.Drained.TotalSeconds:0} s / {d.Audit.TotalSeconds:0} s"),
            ("orders by end state", Counts(orders.Select(f => f.Status))),
            ("app log lines at Warning / Error, all lives", $"{warnings} / {failures}"),
            ($"shopper errors (an answer the story does not allow, or a step past {o.StepTimeout.TotalSeconds:0} s)", $"{d.Tally.Errors.ErrorCount}"),
        ]);
        Console.WriteLine();
        Table(("check", "violations"), [
            .. d.Checks.Select(c => (c.Name, $"**{c.Violations.Count}**")),
            ("stock: on hand = available + held, nothing held, units sold = units in the orders that shipped", $"**{d.Inventory.Problems.Count}** ({d.Inventory.UnitsSold} units sold)"),
        ]);

        Console.WriteLine();
        Console.WriteLine("The longest waits after a kill (kill → the order's next step):");
        foreach (var stall in stalls.Take(3))
        {
            Console.WriteLine($"  {(double.IsFinite(stall.Ms) ? $"{stall.Ms / 1000:0.0} s" : "never")}: {stall.Text}");
        }

        foreach (var check in d.Checks.Where(c => c.Violations.Count > 0))
        {
            Console.WriteLine();
            Console.WriteLine($"Violations of \"{check.Name}\" ({check.Violations.Count}; the first {Math.Min(SamplesPerCheck, check.Violations.Count)}):");
            foreach (var violation in check.Violations.Take(SamplesPerCheck))
            {
                Console.WriteLine("  " + violation);
            }
        }

        foreach (var problem in d.Inventory.Problems.Take(10))
        {
            Console.WriteLine("  stock: " + problem);
        }

        if (d.Tally.Errors.ErrorCount > 0)
        {
            Console.WriteLine();
            Console.WriteLine("Shopper errors by kind: " + string.Join(", ", d.Tally.Errors.ErrorKinds.Select(k => $"{k.Key} × {k.Value}")));
            foreach (var sample in d.Tally.Errors.ErrorSamples)
            {
                Console.WriteLine("  " + sample);
            }
        }

        foreach (var line in d.App.FirstFailures)
        {
            Console.WriteLine("  app log: " + line);
        }

        Console.WriteLine();
        Console.WriteLine(d.Passed
            ? $"Chaos verdict: PASSED — {d.Kills.Count} kills, {orders.Count} orders, every check without a violation."
            : "Chaos verdict: FAILED — see the violations above.");
    }

    /// <summary>Open at a kill: placed before it, and not already at the end state it has now.</summary>
    private static bool IsOpenAt(OrderFacts order, DateTimeOffset at) =>
        order.Stamp("placed") < at && !(OrderAudit.EndStates.Contains(order.Status) && order.View.Order.Timeline[^1].At < at);

    /// <summary>An order open at a kill: how long after the kill its next step came (infinite: none came), and what it was doing.</summary>
    private static (double Ms, string Text) Stall(ChaosKill kill, OrderFacts order)
    {
        var timeline = order.View.Order.Timeline;
        var last = timeline.Last(e => e.At < kill.At);
        var before = $"order {order.OrderId} ({order.Story?.ToString() ?? "no story"}), kill {kill.Number}: {last.Step} {(kill.At - last.At).TotalSeconds:0.0} s before the kill";
        if (timeline.FirstOrDefault(e => e.At > kill.At) is not { } next)
        {
            return (double.PositiveInfinity, $"{before}, no step since (now {order.Status})");
        }

        var ms = (next.At - kill.At).TotalMilliseconds;
        return (ms, $"{before}, {next.Step} {ms / 1000:0.0} s after it");
    }

    /// <summary>For each kill, the time to the first 'confirmed' stamp after it, if one came before the next kill; and how many kills had none.</summary>
    private static (double[] Sorted, int None) ConfirmingAgain(IReadOnlyList<ChaosKill> kills, IReadOnlyList<OrderFacts> orders)
    {
        var confirmations = orders.Select(f => f.Stamp("confirmed")).OfType<DateTimeOffset>().Order().ToList();
        var times = new List<double>();
        for (var i = 0; i < kills.Count; i++)
        {
            var next = i + 1 < kills.Count ? kills[i + 1].At : DateTimeOffset.MaxValue;
            var first = confirmations.FirstOrDefault(c => c > kills[i].At && c < next);
            if (first != default)
            {
                times.Add((first - kills[i].At).TotalMilliseconds);
            }
        }

        return (Sorted(times), kills.Count - times.Count);
    }

    private static void Table((string Name, string Value) header, IEnumerable<(string Name, string Value)> rows)
    {
        Console.WriteLine($"| {header.Name} | {header.Value} |");
        Console.WriteLine("|---|---|");
        foreach (var (name, value) in rows)
        {
            Console.WriteLine($"| {name} | {value} |");
        }
    }

    private static string Counts(IEnumerable<string> values) =>
        string.Join(", ", values.GroupBy(v => v, StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));

    private static double[] Sorted(IEnumerable<double> values) => [.. values.Order()];

    private static double P(double[] sorted, double p) => Samples.Percentile(sorted, p);
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Email;
using Shop.Domain.Metrics;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Metrics;

namespace Shop.Orchestrations.Metrics;

/// <summary>
/// The weekly rollup: last week's figures from the facts kept as events happened (<see cref="WeeklyFigures"/>),
/// customers new and returning and lifetime value (<see cref="CustomerValues"/>), anomaly alerts against the trailing
/// baseline, one stored row per week and one email to ops. Running it again for the same week rewrites the same row
/// and sends nothing twice (every email is keyed by the week).
/// </summary>
public sealed partial class WeeklyMetricsJob(
    MetricStore store,
    CustomerValues customers,
    EmailDelivery email,
    IOptions<MetricsOptions> options,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<WeeklyMetricsJob> logger)
{
    /// <summary>The week before the current one.</summary>
    public string LastWeek => Weeks.Shift(Weeks.KeyOf(time.GetUtcNow()), -1);

    public string CurrentWeek => Weeks.KeyOf(time.GetUtcNow());

    /// <summary>Rolls up <paramref name="week"/> (default: last week) and returns its rollup.</summary>
    public async Task<JsonObject> RollUpAsync(string? week = null, CancellationToken cancellationToken = default)
    {
        week ??= LastWeek;
        var o = options.Value;
        var factsTask = store.ReadWeekAsync(week, cancellationToken);
        var beforeTask = store.ReadWeekAsync(Weeks.Shift(week, -1), cancellationToken);
        var baselineTask = store.GetRollupsAsync(Weeks.Shift(week, -o.BaselineWeeks), Weeks.Shift(week, -1), cancellationToken);
        await Task.WhenAll(factsTask, beforeTask, baselineTask);
        var facts = await factsTask;
        var baseline = await baselineTask;

        var rollup = WeeklyFigures.Compute(facts, await beforeTask);
        var previousHistogram = baseline.Count > 0 ? baseline[^1]["customerHistogram"] as JsonObject : null;
        var (newCustomers, returning, histogram) = await customers.ApplyAsync(week, facts, previousHistogram, cancellationToken);
        var (mean, topDecile, customerCount) = CustomerValues.Summarize(histogram);
        rollup["newCustomers"] = newCustomers;
        rollup["returningCustomers"] = returning;
        rollup["customers"] = customerCount;
        rollup["lifetimeValueMeanMinor"] = mean;
        rollup["lifetimeValueTopDecileMeanMinor"] = topDecile;
        rollup["customerHistogram"] = histogram;

        var baselines = new JsonObject();
        foreach (var (figure, _) in WeeklyFigures.Watched.Append(("orders", "Orders")).Append(("revenueMinor", "Revenue")))
        {
            baselines[figure] = Baseline(baseline, figure);
        }

        // As stored: numbers read back from JSON convert between integer and floating point; values built here do not.
        rollup = (JsonObject)JsonNode.Parse(rollup.ToJsonString())!;
        var alerts = Anomalies(rollup, baseline, week);
        rollup["week"] = week;
        rollup["baselineWeeks"] = baseline.Count;
        rollup["baseline"] = baselines;
        rollup["alerts"] = new JsonArray(alerts.Select(a => (JsonNode?)new JsonObject { ["rule"] = a.Rule, ["figure"] = a.Figure, ["value"] = a.Value, ["baseline"] = a.Baseline, ["detail"] = a.Detail }).ToArray());
        rollup["computedAt"] = time.GetUtcNow();
        await store.SaveRollupAsync(week, rollup, cancellationToken);

        var ops = new EmailRecipient(emailOptions.Value.OpsAddress);
        foreach (var alert in alerts)
        {
            await email.SendAsync(ops, new AnomalyAlertEmail(alert.Label, alert.Value, alert.Baseline, "week " + week, alert.Detail), $"anomaly:{week}:{alert.Rule}", cancellationToken);
        }

        await email.SendAsync(ops, Summary(week, rollup, alerts), $"weekly-metrics:{week}", cancellationToken);
        Log.RolledUp(logger, week, facts.Count, alerts.Count);
        return rollup;
    }

    /// <summary>The stored rollups of the <paramref name="weeks"/> weeks up to last week, oldest first.</summary>
    public Task<IReadOnlyList<JsonObject>> SeriesAsync(int weeks, CancellationToken cancellationToken = default) =>
        store.GetRollupsAsync(Weeks.Shift(CurrentWeek, -weeks), CurrentWeek, cancellationToken);

    private static double? Baseline(IReadOnlyList<JsonObject> weeks, string figure)
    {
        var values = weeks.Select(w => (double?)w[figure]).OfType<double>().ToList();
        return values.Count > 0 ? WeeklyFigures.Round(values.Average()) : null;
    }

    private List<Anomaly> Anomalies(JsonObject rollup, IReadOnlyList<JsonObject> baseline, string week)
    {
        var o = options.Value;
        var alerts = new List<Anomaly>();
        foreach (var (figure, label) in WeeklyFigures.Watched)
        {
            var values = baseline.Select(w => (double?)w[figure]).OfType<double>().ToList();
            if ((double?)rollup[figure] is not { } value || values.Count < o.MinBaselineWeeks)
            {
                continue;
            }

            var mean = values.Average();
            if (value > mean * (1 + o.AnomalyThreshold) && value > 0)
            {
                alerts.Add(new Anomaly(
                    figure,
                    figure,
                    label,
                    Format(figure, value),
                    $"at most {Format(figure, mean * (1 + o.AnomalyThreshold))} (mean of {values.Count} weeks: {Format(figure, mean)})",
                    $"Rule: more than {o.AnomalyThreshold:P0} above the trailing {values.Count}-week mean."));
            }
        }

        if ((double?)rollup["shippedWithinSlaShare"] is { } within && 1 - within > o.SlaMissThreshold)
        {
            alerts.Add(new Anomaly(
                "shipping_delays",
                "shippedWithinSlaShare",
                "Orders shipped late",
                (1 - within).ToString("P1", CultureInfo.InvariantCulture),
                $"at most {o.SlaMissThreshold.ToString("P1", CultureInfo.InvariantCulture)}",
                "Rule: the share of orders shipped outside the shipping SLA is above Metrics__SlaMissThreshold."));
        }

        if (rollup["zeroStockSkus"] is JsonArray { Count: > 0 } zero)
        {
            var skus = string.Join(", ", zero.Select(z => (string?)z));
            alerts.Add(new Anomaly(
                "zero_stock",
                "zeroStockSkus",
                "SKUs at zero stock",
                zero.Count.ToString(CultureInfo.InvariantCulture),
                "0",
                $"Rule: any SKU with no stock at the last restock check of {week}: {skus}."));
        }

        return alerts;
    }

    private static WeeklyMetricsEmail Summary(string week, JsonObject r, IReadOnlyList<Anomaly> alerts)
    {
        var currency = (string?)r["currency"] ?? "USD";
        var baseline = r["baseline"] as JsonObject ?? [];
        string Money(string figure) => (long?)r[figure] is { } minor ? Shop.Domain.Common.Money.FromMinorUnits(minor, currency).Format() : "–";
        string Base(string figure, Func<double, string> format) => (double?)baseline[figure] is { } b ? format(b) : "–";
        string Pct(string figure) => (double?)r[figure] is { } v ? v.ToString("P1", CultureInfo.InvariantCulture) : "–";
        string Num(string figure) => (double?)r[figure] is { } v ? v.ToString("0.##", CultureInfo.InvariantCulture) : "–";
        List<WeeklyFigureLine> lines =
        [
            new("Orders", Num("orders"), Base("orders", b => b.ToString("0.#", CultureInfo.InvariantCulture))),
            new("Revenue", Money("revenueMinor"), Base("revenueMinor", b => Shop.Domain.Common.Money.FromMinorUnits((long)b, currency).Format())),
            new("Average order value", Money("averageOrderValueMinor"), "–"),
            new("Cycle time p50 / p90 (hours)", $"{Num("cycleTimeP50Hours")} / {Num("cycleTimeP90Hours")}", Base("cycleTimeP50Hours", b => b.ToString("0.##", CultureInfo.InvariantCulture))),
            new("Shipped within SLA", Pct("shippedWithinSlaShare"), "–"),
            new("Inventory turnover (annualised)", Num("inventoryTurnover"), "–"),
            new("Cart abandonment", Pct("cartAbandonmentRate"), Base("cartAbandonmentRate", b => b.ToString("P1", CultureInfo.InvariantCulture))),
            new("Return rate", Pct("returnRate"), Base("returnRate", b => b.ToString("P1", CultureInfo.InvariantCulture))),
            new("Payment failure rate", Pct("paymentFailureRate"), Base("paymentFailureRate", b => b.ToString("P1", CultureInfo.InvariantCulture))),
            new("Customers new / returning", $"{Num("newCustomers")} / {Num("returningCustomers")}", "–"),
            new("Lifetime value mean / top 10 %", $"{Money("lifetimeValueMeanMinor")} / {Money("lifetimeValueTopDecileMeanMinor")}", "–"),
        ];
        var alertLines = alerts.Count == 0
            ? new List<WeeklyAlertLine> { new("None.") }
            : alerts.Select(a => new WeeklyAlertLine($"{a.Label}: {a.Value}, expected {a.Baseline}. {a.Detail}")).ToList();
        return new WeeklyMetricsEmail(week, lines, alertLines);
    }

    private static string Format(string figure, double value) =>
        figure.EndsWith("Rate", StringComparison.Ordinal) ? value.ToString("P1", CultureInfo.InvariantCulture) : value.ToString("0.##", CultureInfo.InvariantCulture);

    private sealed record Anomaly(string Rule, string Figure, string Label, string Value, string Baseline, string Detail);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Weekly metrics {Week}: {Facts} facts rolled up, {Alerts} alerts.")]
        public static partial void RolledUp(ILogger logger, string week, int facts, int alerts);
    }
}

using System.Text.Json.Nodes;
using Shop.Infrastructure.Metrics;

namespace Shop.Orchestrations.Metrics;

/// <summary>
/// The figures of one week, computed from that week's facts alone (and, for cart abandonment, the carts created the
/// week before, whose expiry has passed by the time the week is rolled up). No order is read.
/// </summary>
public static class WeeklyFigures
{
    /// <summary>The figures anomaly rules watch, where higher is worse.</summary>
    public static readonly IReadOnlyList<(string Figure, string Label)> Watched =
    [
        ("returnRate", "Return rate"),
        ("cycleTimeP50Hours", "Order cycle time p50 (hours)"),
        ("cartAbandonmentRate", "Cart abandonment rate"),
        ("paymentFailureRate", "Payment failure rate"),
    ];

    public static JsonObject Compute(IReadOnlyList<MetricFact> week, IReadOnlyList<MetricFact> weekBefore)
    {
        ArgumentNullException.ThrowIfNull(week);
        ArgumentNullException.ThrowIfNull(weekBefore);
        var of = week.ToLookup(f => f.Kind, StringComparer.Ordinal);

        var confirmed = of[MetricFacts.Confirmed].ToList();
        var revenueMinor = confirmed.Sum(f => (long?)f.Data["totalMinor"] ?? 0);
        var currency = confirmed.Select(f => (string?)f.Data["currency"]).FirstOrDefault(c => c is not null);
        var placed = of[MetricFacts.Placed].Count();
        var paymentFailed = of[MetricFacts.PaymentFailed].Count();

        var shipped = of[MetricFacts.Shipped].ToList();
        var cycleHours = shipped.Select(f => ((long?)f.Data["cycleSeconds"] ?? 0) / 3600.0).Order().ToList();
        var withinSla = shipped.Count(f => (bool?)f.Data["withinSla"] ?? false);
        var sold = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var f in shipped)
        {
            foreach (var (sku, units) in f.Data["lines"] as JsonObject ?? [])
            {
                sold[sku] = sold.GetValueOrDefault(sku) + ((long?)units ?? 0);
            }
        }

        var unitsSold = sold.Values.Sum();
        var returned = of[MetricFacts.Returned].ToList();
        var returnedUnits = returned.Sum(f => (long?)f.Data["units"] ?? 0);
        var byProduct = new JsonArray();
        foreach (var g in returned.GroupBy(f => (string?)f.Data["sku"] ?? "?").OrderByDescending(g => g.Sum(f => (long?)f.Data["units"] ?? 0)).Take(50))
        {
            var units = g.Sum(f => (long?)f.Data["units"] ?? 0);
            var reasons = new JsonObject();
            foreach (var r in g.GroupBy(f => (string?)f.Data["reason"] ?? "other"))
            {
                reasons[r.Key] = r.Sum(f => (long?)f.Data["units"] ?? 0);
            }

            var skuSold = sold.GetValueOrDefault(g.Key);
            byProduct.Add(new JsonObject
            {
                ["sku"] = g.Key,
                ["returnedUnits"] = units,
                ["soldUnits"] = skuSold,
                ["returnRate"] = skuSold > 0 ? Round((double)units / skuSold) : null,
                ["reasons"] = reasons,
            });
        }

        // Average units on hand: the daily restock check records each SKU's stock; the mean over the days recorded.
        var onHandByDay = of[MetricFacts.OnHand].GroupBy(f => (string?)f.Data["day"] ?? string.Empty).Select(g => g.Sum(f => (long?)f.Data["onHand"] ?? 0)).ToList();
        double? averageOnHand = onHandByDay.Count > 0 ? onHandByDay.Average() : null;
        var lastDay = of[MetricFacts.OnHand].Select(f => (string?)f.Data["day"]).Max(StringComparer.Ordinal);
        var zeroStock = new JsonArray(of[MetricFacts.OnHand]
            .Where(f => (string?)f.Data["day"] == lastDay && ((long?)f.Data["onHand"] ?? 0) <= 0)
            .Select(f => (JsonNode?)JsonValue.Create((string?)f.Data["sku"]))
            .ToArray());

        // Carts created the week before (past their expiry now) with lines, and which of them became orders.
        var carts = weekBefore.Where(f => f.Kind == MetricFacts.Cart).Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        var checkedOut = weekBefore.Concat(week).Where(f => f.Kind == MetricFacts.CartCheckedOut && carts.Contains(f.Id)).Select(f => f.Id).Distinct(StringComparer.Ordinal).Count();

        return new JsonObject
        {
            ["orders"] = confirmed.Count,
            ["currency"] = currency,
            ["revenueMinor"] = revenueMinor,
            ["averageOrderValueMinor"] = confirmed.Count > 0 ? revenueMinor / confirmed.Count : null,
            ["ordersPlaced"] = placed,
            ["paymentFailures"] = paymentFailed,
            ["paymentFailureRate"] = placed > 0 ? Round((double)paymentFailed / placed) : null,
            ["shipped"] = shipped.Count,
            ["cycleTimeP50Hours"] = Percentile(cycleHours, 0.5),
            ["cycleTimeP90Hours"] = Percentile(cycleHours, 0.9),
            ["shippedWithinSlaShare"] = shipped.Count > 0 ? Round((double)withinSla / shipped.Count) : null,
            ["unitsSold"] = unitsSold,
            ["averageUnitsOnHand"] = averageOnHand is { } avg ? Round(avg) : null,
            ["inventoryTurnover"] = averageOnHand is > 0 ? Round(unitsSold * 52.0 / averageOnHand.Value) : null,
            ["cartsWithLines"] = carts.Count,
            ["cartsCheckedOut"] = checkedOut,
            ["cartAbandonmentRate"] = carts.Count > 0 ? Round(1 - ((double)checkedOut / carts.Count)) : null,
            ["returnedUnits"] = returnedUnits,
            ["returnRate"] = unitsSold > 0 ? Round((double)returnedUnits / unitsSold) : null,
            ["returnsByProduct"] = byProduct,
            ["zeroStockSkus"] = zeroStock,
        };
    }

    /// <summary>The nearest-rank percentile of sorted values (null when there are none).</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count);
        return Round(sorted[Math.Clamp(rank, 1, sorted.Count) - 1]);
    }

    public static double Round(double value) => Math.Round(value, 4);
}

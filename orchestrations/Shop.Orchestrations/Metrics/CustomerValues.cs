using System.Text.Json.Nodes;
using Shop.Infrastructure.Metrics;

namespace Shop.Orchestrations.Metrics;

/// <summary>
/// Customer lifetime value without reading every customer: each rolled-up week adds its confirmed orders to the
/// customers' rows (once per week: a row remembers the week applied and its totals before it), and moves them between
/// the buckets of a histogram of lifetime revenue (powers of two of the currency's major unit) carried from one
/// week's rollup to the next. The mean is exact; the top decile's mean is exact but for the bucket that straddles it.
/// </summary>
public sealed class CustomerValues(MetricStore store)
{
    private const int Buckets = 40;

    /// <summary>
    /// Applies the week's confirmed orders to the customers and to <paramref name="histogram"/> (the one of the week
    /// before); returns the new and returning customers and the histogram after the week.
    /// </summary>
    public async Task<(int New, int Returning, JsonObject Histogram)> ApplyAsync(string week, IReadOnlyList<MetricFact> facts, JsonObject? histogram, CancellationToken cancellationToken)
    {
        var counts = new long[Buckets];
        var sums = new long[Buckets];
        if (histogram is not null)
        {
            var c = histogram["counts"] as JsonArray;
            var s = histogram["sumsMinor"] as JsonArray;
            for (var i = 0; i < Buckets; i++)
            {
                counts[i] = (long?)c?.ElementAtOrDefault(i) ?? 0;
                sums[i] = (long?)s?.ElementAtOrDefault(i) ?? 0;
            }
        }

        var (isNew, isReturning) = (0, 0);
        foreach (var customer in facts.Where(f => f.Kind == MetricFacts.Confirmed).GroupBy(f => (string?)f.Data["customer"] ?? string.Empty))
        {
            var revenue = customer.Sum(f => (long?)f.Data["totalMinor"] ?? 0);
            var (before, after, firstWeek) = await ApplyCustomerAsync(week, customer.Key, revenue, customer.Count(), cancellationToken);
            if (firstWeek == week)
            {
                isNew++;
            }
            else
            {
                isReturning++;
            }

            if (before is { } b)
            {
                counts[Bucket(b)]--;
                sums[Bucket(b)] -= b;
            }

            counts[Bucket(after)]++;
            sums[Bucket(after)] += after;
        }

        return (isNew, isReturning, new JsonObject
        {
            ["counts"] = new JsonArray(counts.Select(v => (JsonNode?)v).ToArray()),
            ["sumsMinor"] = new JsonArray(sums.Select(v => (JsonNode?)v).ToArray()),
        });
    }

    /// <summary>Mean lifetime revenue per customer and the mean of the top tenth of customers, in minor units.</summary>
    public static (long? Mean, long? TopDecileMean, long Customers) Summarize(JsonObject histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var counts = (histogram["counts"] as JsonArray ?? []).Select(v => (long?)v ?? 0).ToArray();
        var sums = (histogram["sumsMinor"] as JsonArray ?? []).Select(v => (long?)v ?? 0).ToArray();
        var customers = counts.Sum();
        if (customers <= 0)
        {
            return (null, null, 0);
        }

        var wanted = (long)Math.Ceiling(customers / 10.0);
        var (taken, sum) = (0L, 0.0);
        for (var i = counts.Length - 1; i >= 0 && taken < wanted; i--)
        {
            var take = Math.Min(counts[i], wanted - taken);
            if (take > 0)
            {
                sum += (double)sums[i] / counts[i] * take;
                taken += take;
            }
        }

        return (sums.Sum() / customers, (long)Math.Round(sum / taken), customers);
    }

    private static int Bucket(long revenueMinor)
    {
        var major = Math.Max(revenueMinor / 100, 1);
        return Math.Min(63 - (int)ulong.LeadingZeroCount((ulong)major), Buckets - 1);
    }

    /// <summary>Adds the week to one customer's row (once); returns the lifetime revenue before and after it and the customer's first week.</summary>
    private async Task<(long? Before, long After, string FirstWeek)> ApplyCustomerAsync(string week, string customer, long revenue, int orders, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var found = await store.GetCustomerAsync(customer, cancellationToken);
            if (found is { } row && (string?)row.Customer["appliedWeek"] is { } applied && string.CompareOrdinal(applied, week) >= 0)
            {
                // Applied already (a rerun of this week), or a later week was: the row's figures stand.
                var firstWeek = (string?)row.Customer["firstWeek"] ?? week;
                var after = (long?)row.Customer["revenueMinor"] ?? 0;
                long? before = applied == week ? (long?)row.Customer["revenueBeforeMinor"] : after;
                return (before, after, firstWeek);
            }

            var previous = found is { } r ? (long?)r.Customer["revenueMinor"] ?? 0 : (long?)null;
            var data = new JsonObject
            {
                ["firstWeek"] = found is { } f ? (string?)f.Customer["firstWeek"] ?? week : week,
                ["appliedWeek"] = week,
                ["revenueBeforeMinor"] = previous,
                ["revenueMinor"] = (previous ?? 0) + revenue,
                ["orders"] = (found is { } o ? (long?)o.Customer["orders"] ?? 0 : 0) + orders,
            };
            if (await store.TrySaveCustomerAsync(customer, data, found?.ETag, cancellationToken))
            {
                return (previous, (previous ?? 0) + revenue, (string)data["firstWeek"]!);
            }

            if (attempt >= 20)
            {
                throw new InvalidOperationException($"The totals of customer {customer} kept changing under the rollup.");
            }
        }
    }
}

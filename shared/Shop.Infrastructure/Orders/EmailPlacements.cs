using System.Globalization;

namespace Shop.Infrastructure.Orders;

/// <summary>
/// One email's recent orders (when each was placed), as stored in its placements row: <c>{utcTicks}:{orderId}</c>
/// entries joined by <c>;</c>. Entries older than the rule's window (before the newest placement) are dropped on
/// every change, and at most <see cref="MaxEntries"/> are kept (the newest), so the row stays small.
/// </summary>
internal sealed class EmailPlacements(IReadOnlyList<(long Ticks, string OrderId)> entries)
{
    /// <summary>More than any orders-per-hour limit worth setting; past it the rule rejects anyway.</summary>
    public const int MaxEntries = 100;

    public static EmailPlacements Parse(string? stored)
    {
        var entries = new List<(long, string)>();
        foreach (var entry in (stored ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && long.TryParse(entry.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
            {
                entries.Add((ticks, entry[(colon + 1)..]));
            }
        }

        return new EmailPlacements(entries);
    }

    public bool Contains(string orderId) => entries.Any(e => e.OrderId == orderId);

    /// <summary>How many orders other than <paramref name="orderId"/> were placed at or after <paramref name="since"/>.</summary>
    public int CountOthers(string orderId, DateTimeOffset since) =>
        entries.Count(e => e.Ticks >= since.UtcTicks && e.OrderId != orderId);

    /// <summary>These placements and <paramref name="orderId"/>'s, without those older than the window.</summary>
    public EmailPlacements With(string orderId, DateTimeOffset placedAt, TimeSpan window)
    {
        var all = entries.Append((placedAt.UtcTicks, orderId)).ToList();
        var cutoff = all.Max(e => e.Item1) - window.Ticks;
        return new EmailPlacements(all.Where(e => e.Item1 >= cutoff).OrderByDescending(e => e.Item1).Take(MaxEntries).OrderBy(e => e.Item1).ToList());
    }

    public override string ToString() =>
        string.Join(';', entries.Select(e => e.Ticks.ToString(CultureInfo.InvariantCulture) + ":" + e.OrderId));
}

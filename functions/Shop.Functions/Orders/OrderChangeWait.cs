using System.Globalization;
using Microsoft.Extensions.Primitives;
using Shop.Domain.Orders;

namespace Shop.Functions.Orders;

/// <summary>
/// Conditional and waiting reads of an order's status (<c>If-None-Match</c> with <c>Prefer: wait=N</c>, RFC 7232 and
/// RFC 7240): a storefront waits for the next change instead of polling. The ETag changes whenever the customer's view
/// can (its status and its timeline, which every change adds to).
/// </summary>
internal static class OrderChangeWait
{
    /// <summary>The longest wait honoured; a longer one is shortened to it.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    /// <summary>How often a waiting request reads the order again (for changes made by another instance).</summary>
    public static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>The weak ETag of the customer's view of <paramref name="order"/>.</summary>
    public static string ETag(Order order) => string.Create(
        CultureInfo.InvariantCulture,
        $"W/\"{order.Status}-{order.Timeline.Count}-{order.Timeline[^1].At.UtcTicks}\"");

    /// <summary>Whether an <c>If-None-Match</c> value names <paramref name="etag"/> (weak comparison) or is <c>*</c>.</summary>
    public static bool Matches(string ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Length == 0)
        {
            return false;
        }

        var opaque = Opaque(etag);
        foreach (var candidate in ifNoneMatch.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate == "*" || Opaque(candidate) == opaque)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The wait a <c>Prefer</c> header asks for (<c>wait=N</c>, in seconds, at most <see cref="MaxWait"/>); null when none or malformed.</summary>
    public static TimeSpan? FromPrefer(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            foreach (var preference in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
                if (parts.Length == 2 && parts[0].Equals("wait", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0)
                {
                    var wait = TimeSpan.FromSeconds(seconds);
                    return wait < MaxWait ? wait : MaxWait;
                }
            }
        }

        return null;
    }

    public static string Applied(TimeSpan wait) => "wait=" + ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static string Opaque(string tag) => tag.StartsWith("W/", StringComparison.Ordinal) ? tag[2..] : tag;
}

using System.Globalization;
using System.Security.Cryptography;

namespace Shop.Domain.Orders;

/// <summary>
/// Order ids: the placement day and 128 random bits (<c>20261123-3f9c…</c>). Unguessable, so an order is
/// reachable only by whoever holds its id; the day lets storage find it with a point read.
/// </summary>
public static class OrderIds
{
    private const string DayFormat = "yyyyMMdd";
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static string New(DateTimeOffset placedAt) =>
        placedAt.UtcDateTime.ToString(DayFormat, CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>True when <paramref name="orderId"/> has the shape of an order id; gives its placement day.</summary>
    public static bool TryParse(string? orderId, out DateOnly day)
    {
        day = default;
        return orderId is { Length: 41 }
            && orderId[8] == '-'
            && DateOnly.TryParseExact(orderId.AsSpan(0, 8), DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out day)
            && orderId.AsSpan(9).IndexOfAnyExcept(LowerHex) < 0;
    }
}

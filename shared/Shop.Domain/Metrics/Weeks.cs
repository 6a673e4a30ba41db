using System.Globalization;

namespace Shop.Domain.Metrics;

/// <summary>ISO 8601 weeks (Monday to Sunday, UTC) and their keys, <c>2026-W49</c>, which sort in time order.</summary>
public static class Weeks
{
    public static string KeyOf(DateTimeOffset time) => KeyOf(DateOnly.FromDateTime(time.UtcDateTime));

    public static string KeyOf(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue)):D4}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}");

    /// <summary>The Monday a week key names; false for text that is not a week key.</summary>
    public static bool TryParse(string? key, out DateOnly monday)
    {
        monday = default;
        if (key is not { Length: 8 } || key[4] != '-' || key[5] != 'W'
            || !int.TryParse(key.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(key.AsSpan(6, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var week)
            || year is < 2000 or > 9998 || week < 1 || week > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, week, DayOfWeek.Monday));
        return true;
    }

    public static DateOnly MondayOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    /// <summary>The key of the week <paramref name="weeks"/> weeks after (negative: before) the one of <paramref name="key"/>.</summary>
    public static string Shift(string key, int weeks) =>
        TryParse(key, out var monday) ? KeyOf(monday.AddDays(7 * weeks)) : throw new FormatException($"'{key}' is not a week key (yyyy-Www).");
}

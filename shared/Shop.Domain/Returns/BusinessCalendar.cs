namespace Shop.Domain.Returns;

/// <summary>
/// The shop's working days: the weekdays it works (Monday to Friday by default) less its holidays. Days are UTC dates.
/// </summary>
public sealed class BusinessCalendar
{
    private readonly HashSet<DayOfWeek> _workdays;
    private readonly HashSet<DateOnly> _holidays;

    public BusinessCalendar(IEnumerable<DayOfWeek> workdays, IEnumerable<DateOnly> holidays)
    {
        ArgumentNullException.ThrowIfNull(workdays);
        ArgumentNullException.ThrowIfNull(holidays);
        _workdays = [.. workdays];
        _holidays = [.. holidays];
        if (_workdays.Count == 0)
        {
            throw new ArgumentException("A business calendar needs at least one working weekday.", nameof(workdays));
        }
    }

    public bool IsBusinessDay(DateOnly day) => _workdays.Contains(day.DayOfWeek) && !_holidays.Contains(day);

    /// <summary>
    /// The end (midnight UTC after it) of the <paramref name="days"/>-th business day after the day of
    /// <paramref name="from"/>: received on a Friday with 2 days, due by the end of Tuesday.
    /// </summary>
    public DateTimeOffset EndOfBusinessDaysAfter(DateTimeOffset from, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var day = DateOnly.FromDateTime(from.UtcDateTime);
        for (var counted = 0; counted < days;)
        {
            day = day.AddDays(1);
            if (IsBusinessDay(day))
            {
                counted++;
            }
        }

        return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }
}

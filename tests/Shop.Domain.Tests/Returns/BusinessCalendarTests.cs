using Shop.Domain.Returns;

namespace Shop.Domain.Tests.Returns;

public sealed class BusinessCalendarTests
{
    private static readonly BusinessCalendar Weekdays = new([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], []);

    [Fact]
    public void TwoBusinessDays_AfterAFriday_EndWithTheFollowingTuesday()
    {
        var friday = new DateTimeOffset(2026, 12, 4, 15, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTimeOffset(2026, 12, 9, 0, 0, 0, TimeSpan.Zero), Weekdays.EndOfBusinessDaysAfter(friday, 2));
    }

    [Fact]
    public void Holidays_AreSkipped_LikeWeekends()
    {
        var calendar = new BusinessCalendar([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], [new DateOnly(2026, 12, 25)]);
        var thursday = new DateTimeOffset(2026, 12, 24, 9, 0, 0, TimeSpan.Zero);

        // Friday the 25th is a holiday: Monday 28 and Tuesday 29 are the two business days.
        Assert.Equal(new DateTimeOffset(2026, 12, 30, 0, 0, 0, TimeSpan.Zero), calendar.EndOfBusinessDaysAfter(thursday, 2));
    }

    [Fact]
    public void ACalendarWithoutWorkingDays_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new BusinessCalendar([], []));
}

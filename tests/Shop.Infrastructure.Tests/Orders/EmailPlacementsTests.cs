using Shop.Infrastructure.Orders;

namespace Shop.Infrastructure.Tests.Orders;

public sealed class EmailPlacementsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_DropsPlacementsOlderThanTheWindow_AndRoundTrips()
    {
        var placements = new EmailPlacements([])
            .With("a", Noon.AddMinutes(-120), TimeSpan.FromHours(1))
            .With("b", Noon.AddMinutes(-30), TimeSpan.FromHours(1))
            .With("c", Noon, TimeSpan.FromHours(1));

        var stored = EmailPlacements.Parse(placements.ToString());

        Assert.False(stored.Contains("a"));
        Assert.True(stored.Contains("b") && stored.Contains("c"));
        Assert.Equal(1, stored.CountOthers("c", Noon.AddHours(-1)));
    }

    [Fact]
    public void With_KeepsOnlyTheNewestEntries_WhenAnEmailPlacesVeryMany()
    {
        var placements = new EmailPlacements([]);
        for (var i = 0; i < EmailPlacements.MaxEntries + 20; i++)
        {
            placements = placements.With("o" + i, Noon.AddSeconds(i), TimeSpan.FromHours(1));
        }

        Assert.Equal(EmailPlacements.MaxEntries, placements.CountOthers("none", Noon.AddHours(-1)));
        Assert.False(placements.Contains("o0"));
        Assert.True(placements.Contains("o" + (EmailPlacements.MaxEntries + 19)));
    }

    [Fact]
    public void Parse_IgnoresMalformedEntries() =>
        Assert.Equal(1, EmailPlacements.Parse("garbage;12:x;:y;abc:z").CountOthers("none", DateTimeOffset.MinValue));
}

using Microsoft.Extensions.Primitives;
using Shop.Functions.Orders;

namespace Shop.Functions.Tests.Orders;

public sealed class OrderChangeWaitTests
{
    [Theory]
    [InlineData("wait=5", 5)]
    [InlineData("respond-async, wait=12", 12)]
    [InlineData("WAIT = 3", 3)]
    [InlineData("wait=600", 30)]
    public void FromPrefer_ReadsTheWait_AtMostThirtySeconds(string prefer, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OrderChangeWait.FromPrefer(new StringValues(prefer)));

    [Theory]
    [InlineData("")]
    [InlineData("wait=0")]
    [InlineData("wait=-1")]
    [InlineData("wait=1.5")]
    [InlineData("wait")]
    [InlineData("return=minimal")]
    public void FromPrefer_IgnoresWhatIsNotAWait(string prefer) =>
        Assert.Null(OrderChangeWait.FromPrefer(new StringValues(prefer)));

    [Theory]
    [InlineData("W/\"Placed-1-5\"", true)]
    [InlineData("\"Placed-1-5\"", true)]
    [InlineData("W/\"Other\", W/\"Placed-1-5\"", true)]
    [InlineData("*", true)]
    [InlineData("W/\"Confirmed-2-9\"", false)]
    [InlineData("", false)]
    public void Matches_ComparesWeakly(string ifNoneMatch, bool matches) =>
        Assert.Equal(matches, OrderChangeWait.Matches(ifNoneMatch, "W/\"Placed-1-5\""));
}

namespace Shop.Durable.Tests;

public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(0, 1, 1.0)]
    [InlineData(3, 0, 1.0)]
    [InlineData(3, 1, 0.5)]
    public void Constructor_RefusesArgumentsOutOfRange(int attempts, int firstSeconds, double coefficient) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(attempts, TimeSpan.FromSeconds(firstSeconds), coefficient));

    [Fact]
    public void Constructor_RefusesAMaxIntervalOrTimeoutShorterThanTheFirstInterval()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(10), maxRetryInterval: TimeSpan.FromSeconds(5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetryPolicy(3, TimeSpan.FromSeconds(10), retryTimeout: TimeSpan.FromSeconds(5)));
        _ = new RetryPolicy(3, TimeSpan.FromSeconds(10), maxRetryInterval: Timeout.InfiniteTimeSpan, retryTimeout: Timeout.InfiniteTimeSpan);
    }
}

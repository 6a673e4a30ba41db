using Microsoft.DurableTask;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations;

/// <summary>
/// The retry policy every workflow's steps share: doubling back-off from <c>first</c> up to <c>cap</c>, at most
/// <c>attempts</c> tries, and only transient failures retried (<see cref="OrderActivities.IsTransient"/>).
/// </summary>
internal static class StepRetries
{
    public static TaskOptions Policy(int attempts, TimeSpan first, TimeSpan cap) =>
        new(new RetryPolicy(attempts, first, 2.0, cap) { HandleFailure = OrderActivities.IsTransient });

    /// <summary>The marketing sequences' steps: 10 tries from 5 s, at most 10 min apart (an email can wait).</summary>
    public static TaskOptions Sequence { get; } = Policy(10, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10));
}

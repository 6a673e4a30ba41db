namespace Shop.Durable;

/// <summary>Options for an activity or sub-orchestration call.</summary>
public class TaskOptions
{
    public TaskOptions(RetryPolicy? retry = null)
    {
        Retry = retry;
    }

    /// <summary>The retry policy, or null to fail at the first failure.</summary>
    public RetryPolicy? Retry { get; init; }

    /// <summary>Options that retry the call with <paramref name="policy"/>.</summary>
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}

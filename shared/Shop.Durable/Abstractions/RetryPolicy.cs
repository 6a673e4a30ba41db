namespace Shop.Durable;

/// <summary>
/// A declarative retry policy for an activity or sub-orchestration call. Attempts are separated by durable timers
/// (the wait survives restarts): attempt <c>n + 1</c> starts <c>min(FirstRetryInterval * BackoffCoefficient^(n-1), MaxRetryInterval)</c>
/// after attempt <c>n</c> failed, until <see cref="MaxNumberOfAttempts"/> attempts were made, the <see cref="RetryTimeout"/>
/// (counted from the first attempt) would be passed, or <see cref="HandleFailure"/> says the failure is not worth retrying.
/// The last failure then reaches the orchestrator as a <see cref="TaskFailedException"/>.
/// </summary>
public sealed class RetryPolicy
{
    /// <param name="maxNumberOfAttempts">Attempts in total, the first included; at least 1.</param>
    /// <param name="firstRetryInterval">The delay before the second attempt; greater than zero.</param>
    /// <param name="backoffCoefficient">Each further delay is the previous one times this; at least 1.0.</param>
    /// <param name="maxRetryInterval">The longest delay between attempts (default 1 hour; <see cref="Timeout.InfiniteTimeSpan"/> for none).</param>
    /// <param name="retryTimeout">No attempt starts later than this after the first (default none).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is outside the ranges above.</exception>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, "The number of attempts must be greater than zero.");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, "The first retry interval must be greater than zero.");
        }

        if (double.IsNaN(backoffCoefficient) || backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, "The backoff coefficient must be 1.0 or greater.");
        }

        if (maxRetryInterval is { } max && max < firstRetryInterval && max != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), maxRetryInterval, "The maximum retry interval must not be shorter than the first retry interval.");
        }

        if (retryTimeout is { } timeout && timeout < firstRetryInterval && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), retryTimeout, "The retry timeout must not be shorter than the first retry interval.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>
    /// Decides whether a failure is retried (default: every failure). Runs inside the orchestrator, so it must be
    /// deterministic: decide from the <see cref="TaskFailureDetails"/> only.
    /// </summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan GetDelay(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        var delay = ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue : TimeSpan.FromTicks((long)ticks);
        return MaxRetryInterval != Timeout.InfiniteTimeSpan && delay > MaxRetryInterval ? MaxRetryInterval : delay;
    }
}

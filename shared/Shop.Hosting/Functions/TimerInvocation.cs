namespace Shop.Hosting.Functions;

/// <summary>One firing of a timer-triggered function.</summary>
public sealed class TimerInvocation
{
    public required string FunctionName { get; init; }

    public required string InvocationId { get; init; }

    /// <summary>The occurrence this firing is for (UTC).</summary>
    public required DateTimeOffset ScheduledTime { get; init; }

    /// <summary>True when the firing comes noticeably later than its scheduled time.</summary>
    public bool IsPastDue { get; init; }

    /// <summary>Services scoped to this invocation.</summary>
    public required IServiceProvider Services { get; init; }
}

namespace Shop.Orchestrations.Orders;

/// <summary>
/// The order orchestration's input: the order, the workflow timings in force when it was placed, and the version of
/// the workflow it runs (<see cref="OrderOrchestrator.CurrentVersion"/> at placement; orders placed before versions
/// existed carry none and run version 1).
/// </summary>
public sealed record OrderWorkflowInput(
    string OrderId,
    long? ExpectedTotalMinor,
    TimeSpan PaymentActionTimeout,
    TimeSpan ShipmentSla,
    TimeSpan ShipmentHardLimit,
    TimeSpan DeliveryTimeout,
    TimeSpan CaptureSafetyMargin,
    int MaxStepAttempts,
    TimeSpan FirstRetryInterval,
    TimeSpan MaxRetryInterval = default,
    int Version = 0)
{
    /// <summary>The workflow version this order runs: the one it started on, 1 for orders placed before versions.</summary>
    public int WorkflowVersion => Version > 0 ? Version : 1;

    /// <summary>The cap on a step's retry delay (inputs of orders placed before it existed get 5 minutes).</summary>
    public TimeSpan RetryIntervalCap => MaxRetryInterval > TimeSpan.Zero ? MaxRetryInterval : TimeSpan.FromMinutes(5);

    public static OrderWorkflowInput For(string orderId, long? expectedTotalMinor, OrderWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(orderId, expectedTotalMinor, options.PaymentActionTimeout, options.ShipmentSla, options.ShipmentHardLimit,
            options.DeliveryTimeout, options.CaptureSafetyMargin, options.MaxStepAttempts, options.FirstRetryInterval, options.MaxRetryInterval,
            options.StartVersion > 0 ? options.StartVersion : OrderOrchestrator.CurrentVersion);
    }
}

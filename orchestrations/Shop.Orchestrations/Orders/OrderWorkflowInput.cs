namespace Shop.Orchestrations.Orders;

/// <summary>The order orchestration's input: the order and the workflow timings in force when it was placed.</summary>
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
    TimeSpan MaxRetryInterval = default)
{
    /// <summary>The cap on a step's retry delay (inputs of orders placed before it existed get 5 minutes).</summary>
    public TimeSpan RetryIntervalCap => MaxRetryInterval > TimeSpan.Zero ? MaxRetryInterval : TimeSpan.FromMinutes(5);

    public static OrderWorkflowInput For(string orderId, long? expectedTotalMinor, OrderWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(orderId, expectedTotalMinor, options.PaymentActionTimeout, options.ShipmentSla, options.ShipmentHardLimit,
            options.DeliveryTimeout, options.CaptureSafetyMargin, options.MaxStepAttempts, options.FirstRetryInterval, options.MaxRetryInterval);
    }
}

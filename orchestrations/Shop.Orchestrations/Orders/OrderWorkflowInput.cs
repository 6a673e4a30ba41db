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
    TimeSpan FirstRetryInterval)
{
    public static OrderWorkflowInput For(string orderId, long? expectedTotalMinor, OrderWorkflowOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(orderId, expectedTotalMinor, options.PaymentActionTimeout, options.ShipmentSla, options.ShipmentHardLimit,
            options.DeliveryTimeout, options.CaptureSafetyMargin, options.MaxStepAttempts, options.FirstRetryInterval);
    }
}

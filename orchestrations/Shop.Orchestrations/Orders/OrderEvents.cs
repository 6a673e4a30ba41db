namespace Shop.Orchestrations.Orders;

/// <summary>The external events an order orchestration waits for.</summary>
public static class OrderEvents
{
    /// <summary>A payment event from Stripe's webhook or the simulated gateway (<see cref="PaymentSignal"/>).</summary>
    public const string Payment = "payment";

    /// <summary>The warehouse took the pick list (<see cref="PickingSignal"/>): from then on a cancellation is refused.</summary>
    public const string Picking = "picking";

    /// <summary>The warehouse shipped the order (<see cref="ShipmentSignal"/>).</summary>
    public const string Shipped = "shipped";

    /// <summary>The customer or ops asked to cancel (<see cref="CancelSignal"/>).</summary>
    public const string Cancel = "cancel";

    /// <summary>A carrier tracking update (<see cref="CarrierSignal"/>).</summary>
    public const string Carrier = "carrier";
}

/// <summary>A payment outcome raised into the order: <c>succeeded</c> (authorized after an action) or <c>failed</c>.</summary>
public sealed record PaymentSignal(string PaymentId, PaymentSignalOutcome Outcome, string? Reason, DateTimeOffset? CaptureBefore = null);

/// <summary>The warehouse took the pick list, at <paramref name="At"/>.</summary>
public sealed record PickingSignal(DateTimeOffset At);

/// <summary>The shipment the warehouse recorded.</summary>
public sealed record ShipmentSignal(string Carrier, string TrackingNumber);

/// <summary>A cancellation request.</summary>
public sealed record CancelSignal(string Reason);

/// <summary>A carrier update: <c>out_for_delivery</c>, <c>delayed</c>, <c>exception</c> or <c>delivered</c>.</summary>
public sealed record CarrierSignal(string EventId, CarrierStatus Status, DateTimeOffset OccurredAt, string? Detail);

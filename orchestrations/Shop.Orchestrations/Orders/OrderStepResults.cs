namespace Shop.Orchestrations.Orders;

/// <summary>What validation found: nothing (valid), or the reasons the storefront can show.</summary>
public sealed record ValidationOutcome(bool Valid, IReadOnlyList<string> Reasons);

/// <summary>The stock hold: all lines held, or the lines that were short (named for the customer).</summary>
public sealed record HoldOutcome(bool Held, IReadOnlyList<string> Shortages);

/// <summary>The payment authorization: <c>authorized</c>, <c>requires_action</c> or <c>declined</c>.</summary>
public sealed record PaymentOutcome(PaymentOutcomeKind Kind, string? PaymentId, DateTimeOffset? CaptureBefore, string? Reason);

/// <summary>The capture: done, or refused for good (an authorization that lapsed, say) with the provider's reason.</summary>
public sealed record CaptureOutcome(bool Captured, string? Reason);

/// <summary>The input of the payment-recovery step: recovered on <paramref name="PaymentId"/>, or handed to collections.</summary>
public sealed record PaymentRecoveryStep(string OrderId, bool Recovered, string? PaymentId);

/// <summary>The input of a step that concerns one order and, where it matters, its payment.</summary>
public sealed record OrderStep(string OrderId, string? PaymentId = null, string? Reason = null);

/// <summary>
/// The input of the authorization step: the order, which authorization of it this is (re-authorizations count up) and,
/// for a re-authorization, the payment it replaces (whose saved payment method it charges off-session).
/// </summary>
public sealed record AuthorizeStep(string OrderId, int Attempt, string? PreviousPaymentId = null);

/// <summary>The input of the rejection step.</summary>
public sealed record RejectStep(string OrderId, bool OutOfStock, IReadOnlyList<string> Reasons);

/// <summary>The input of the shipment step.</summary>
public sealed record ShipStep(string OrderId, string Carrier, string TrackingNumber);

/// <summary>The input of a carrier tracking step.</summary>
public sealed record TrackStep(string OrderId, CarrierSignal Update);

using System.Text.Json.Serialization;

namespace Shop.Domain.Payments;

/// <summary>
/// Something the payment provider tells us after the fact (a Stripe webhook, or the simulated gateway's
/// equivalent). <see cref="EventId"/> is unique per event: deliveries repeat, so deduplicate by it.
/// <see cref="OrderId"/> comes from the payment's metadata.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(PaymentSucceeded), "paymentSucceeded")]
[JsonDerivedType(typeof(PaymentFailed), "paymentFailed")]
[JsonDerivedType(typeof(AmountCapturableUpdated), "amountCapturableUpdated")]
[JsonDerivedType(typeof(PaymentCanceled), "paymentCanceled")]
[JsonDerivedType(typeof(ChargeRefunded), "chargeRefunded")]
[JsonDerivedType(typeof(Disputes.DisputeCreated), "disputeCreated")]
[JsonDerivedType(typeof(Disputes.DisputeClosed), "disputeClosed")]
public abstract record PaymentEvent(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt);

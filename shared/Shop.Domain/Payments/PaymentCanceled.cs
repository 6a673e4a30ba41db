namespace Shop.Domain.Payments;

/// <summary>The authorization was released (Stripe <c>payment_intent.canceled</c>).</summary>
public sealed record PaymentCanceled(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, string? CancellationReason)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

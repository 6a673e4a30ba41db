using Shop.Domain.Payments;

namespace Shop.Domain.Disputes;

/// <summary>A chargeback ended (Stripe <c>charge.dispute.closed</c>): <see cref="Status"/> is <c>won</c>, <c>lost</c> or <c>warning_closed</c>.</summary>
public sealed record DisputeClosed(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, string DisputeId, string Status)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

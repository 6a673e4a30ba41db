using Shop.Domain.Common;
using Shop.Domain.Payments;

namespace Shop.Domain.Disputes;

/// <summary>A chargeback was opened on a payment (Stripe <c>charge.dispute.created</c>): evidence is due by <see cref="EvidenceDueBy"/>.</summary>
public sealed record DisputeCreated(
    string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, string DisputeId, Money Amount, string Reason, DateTimeOffset? EvidenceDueBy)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

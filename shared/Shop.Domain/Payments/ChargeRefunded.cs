using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>Money was returned (Stripe <c>charge.refunded</c>); <see cref="AmountRefunded"/> is the total refunded so far.</summary>
public sealed record ChargeRefunded(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, Money AmountRefunded, Money AmountCaptured)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

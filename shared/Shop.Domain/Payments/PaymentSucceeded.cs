using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>The payment was captured (Stripe <c>payment_intent.succeeded</c>).</summary>
public sealed record PaymentSucceeded(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, Money AmountReceived)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

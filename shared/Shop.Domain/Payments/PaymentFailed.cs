namespace Shop.Domain.Payments;

/// <summary>An attempt failed: declined, or the customer's authentication failed (Stripe <c>payment_intent.payment_failed</c>).</summary>
public sealed record PaymentFailed(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, string Reason, string? Code, string? DeclineCode)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

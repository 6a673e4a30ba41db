using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>
/// The payment is authorized and <see cref="AmountCapturable"/> may be captured until <see cref="CaptureBefore"/>
/// (Stripe <c>payment_intent.amount_capturable_updated</c>): how a <see cref="PaymentRequiresAction"/> ends well.
/// </summary>
public sealed record AmountCapturableUpdated(string EventId, string PaymentId, string? OrderId, DateTimeOffset OccurredAt, Money AmountCapturable, DateTimeOffset? CaptureBefore)
    : PaymentEvent(EventId, PaymentId, OrderId, OccurredAt);

namespace Shop.Domain.Payments;

/// <summary>
/// The card was declined. <see cref="Code"/> is the error code (<c>card_declined</c>, <c>expired_card</c>, …),
/// <see cref="DeclineCode"/> the issuer's reason (<c>generic_decline</c>, <c>insufficient_funds</c>, …), and
/// <see cref="Reason"/> a message that may be shown to the customer.
/// </summary>
public sealed record PaymentDeclined(string? PaymentId, string Reason, string Code, string DeclineCode) : AuthorizationResult
{
    public override string? PaymentId { get; } = PaymentId;
}

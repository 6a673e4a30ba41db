namespace Shop.Domain.Payments;

/// <summary>
/// The customer must act (3-D Secure authentication) before the payment is authorized. The storefront completes
/// the action with <see cref="ClientSecret"/>; the outcome arrives as an <see cref="AmountCapturableUpdated"/>
/// (authorized) or <see cref="PaymentFailed"/> event.
/// </summary>
public sealed record PaymentRequiresAction(string PaymentId, string ClientSecret, string NextActionType, string? RedirectUrl = null) : AuthorizationResult
{
    public override string? PaymentId { get; } = PaymentId;
}

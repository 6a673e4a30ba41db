using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>The amount is held on the card; capture it before <see cref="CaptureBefore"/> or it is released.</summary>
public sealed record PaymentAuthorized(string PaymentId, Money Amount, DateTimeOffset CaptureBefore) : AuthorizationResult
{
    public override string? PaymentId { get; } = PaymentId;
}

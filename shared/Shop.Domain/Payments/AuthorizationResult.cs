using System.Text.Json.Serialization;

namespace Shop.Domain.Payments;

/// <summary>The outcome of <see cref="IPaymentGateway.AuthorizeAsync"/>: authorized, requires action, or declined.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "outcome")]
[JsonDerivedType(typeof(PaymentAuthorized), "authorized")]
[JsonDerivedType(typeof(PaymentRequiresAction), "requiresAction")]
[JsonDerivedType(typeof(PaymentDeclined), "declined")]
public abstract record AuthorizationResult
{
    /// <summary>The provider's payment id (Stripe: the PaymentIntent id); null only when nothing was created.</summary>
    public abstract string? PaymentId { get; }
}

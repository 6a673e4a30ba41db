namespace Shop.Domain.Orders;

/// <summary>
/// What the storefront needs to let the shopper authenticate a payment (3-D Secure): the provider's client secret
/// (Stripe.js <c>handleNextAction</c>), the kind of action, and the bank's page to send the shopper to, if any.
/// </summary>
public sealed record PaymentAction(string ClientSecret, string Type, string? RedirectUrl);

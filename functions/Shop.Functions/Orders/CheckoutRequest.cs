namespace Shop.Functions.Orders;

/// <summary>
/// The checkout body. <c>expectedTotal</c> is optional: the total the shopper saw; when prices changed since, the
/// order is rejected with a reason the storefront can show instead of charging a different amount.
/// </summary>
public sealed record CheckoutRequest(string? Email, AddressDto? ShippingAddress, string? PaymentMethod, decimal? ExpectedTotal);

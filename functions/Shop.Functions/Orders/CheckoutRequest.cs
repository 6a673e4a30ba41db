using System.ComponentModel.DataAnnotations;

namespace Shop.Functions.Orders;

/// <summary>
/// The checkout body. <c>expectedTotal</c> is optional: the total the shopper saw; when prices changed since, the
/// order is rejected with a reason the storefront can show instead of charging a different amount. The others are
/// required (nullable here so that a missing one is a 400 naming it).
/// </summary>
public sealed record CheckoutRequest(
    [property: Required] string? Email,
    [property: Required] AddressDto? ShippingAddress,
    [property: Required] string? PaymentMethod,
    decimal? ExpectedTotal);

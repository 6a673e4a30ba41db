using Shop.Domain.Orders;

namespace Shop.Orchestrations.Checkout;

/// <summary>A checkout of one cart. <paramref name="RequestHash"/> fingerprints the request for idempotent replays.</summary>
public sealed record CheckoutCommand(
    string CartId,
    string? Email,
    ShippingAddress? ShippingAddress,
    string? PaymentMethod,
    decimal? ExpectedTotal,
    string? IdempotencyKey,
    string RequestHash);

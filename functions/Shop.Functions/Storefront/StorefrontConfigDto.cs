namespace Shop.Functions.Storefront;

/// <summary>
/// The storefront's settings: the active payment gateway, the test payment methods to offer (the simulated
/// gateway only; empty with Stripe) and the ISO country codes the shop ships to.
/// </summary>
public sealed record StorefrontConfigDto(PaymentProvider Payments, IReadOnlyList<TestPaymentMethodDto> TestPaymentMethods, IReadOnlyList<string> ShipsTo);

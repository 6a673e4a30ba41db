namespace Shop.Functions.Storefront;

/// <summary>
/// The storefront's settings: the active payment gateway, the test payment methods to offer (the simulated
/// gateway only; empty with Stripe), the ISO country codes the shop ships to, and, with Stripe, the publishable key
/// Stripe.js needs for the Payment Element (null when none is set: the storefront then cannot take card details).
/// </summary>
public sealed record StorefrontConfigDto(PaymentProvider Payments, IReadOnlyList<TestPaymentMethodDto> TestPaymentMethods, IReadOnlyList<string> ShipsTo, string? StripePublishableKey = null);

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Shop.Infrastructure.Payments;
using Shop.Infrastructure.Payments.Simulated;

namespace Shop.Functions.Storefront;

/// <summary>
/// <c>GET /api/storefront/config</c>: what a storefront page needs to know before checkout and cannot learn from
/// the other endpoints — which payment gateway is active (and, for the simulated one, its test cards) and where
/// the shop ships. No secret and nothing per shopper.
/// </summary>
public sealed class StorefrontFunctions(IOptions<StripeOptions> stripe, IOptions<OrderRulesOptions> rules)
{
    public const string Tag = "Storefront";

    /// <summary>The simulated gateway's test cards a storefront offers, with what each does.</summary>
    private static readonly TestPaymentMethodDto[] TestCards =
    [
        new(TestPaymentMethods.Visa, "Visa (succeeds)"),
        new(TestPaymentMethods.Mastercard, "Mastercard (succeeds)"),
        new(TestPaymentMethods.Amex, "American Express (succeeds)"),
        new(TestPaymentMethods.ChargeDeclined, "Declined card"),
        new(TestPaymentMethods.ChargeDeclinedInsufficientFunds, "Declined: insufficient funds"),
        new(TestPaymentMethods.ChargeDeclinedExpiredCard, "Declined: expired card"),
        new(TestPaymentMethods.ChargeDeclinedIncorrectCvc, "Declined: incorrect CVC"),
        new(TestPaymentMethods.AuthenticationRequired, "Needs 3-D Secure authentication"),
        new(TestPaymentMethods.TransientFailure(2), "Fails twice, then succeeds (retries)"),
    ];

    [Function("GetStorefrontConfig")]
    [EndpointSummary("Tells a storefront which payment gateway is active (with the simulated gateway's test cards, or Stripe's publishable key) and where the shop ships.")]
    [Tags(Tag)]
    public Ok<StorefrontConfigDto> GetConfig([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "storefront/config")] HttpRequest request)
    {
        var simulated = !stripe.Value.IsConfigured;
        return TypedResults.Ok(new StorefrontConfigDto(
            simulated ? PaymentProvider.Simulated : PaymentProvider.Stripe,
            simulated ? TestCards : [],
            [.. rules.Value.SupportedCountrySet.Order(StringComparer.Ordinal)],
            simulated || string.IsNullOrWhiteSpace(stripe.Value.PublishableKey) ? null : stripe.Value.PublishableKey));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shop.Domain.Payments;
using Shop.Hosting;
using Shop.Infrastructure.Payments.Simulated;
using Shop.Infrastructure.Payments.Stripe;

namespace Shop.Infrastructure.Payments;

/// <summary>Registers the payment port.</summary>
public static class PaymentsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IPaymentGateway"/> — Stripe when <c>Stripe__SecretKey</c> is set, else the simulated gateway —
    /// <see cref="IPaymentWebhookParser"/> (Stripe signatures), <see cref="PaymentEventDispatcher"/> (register
    /// <see cref="IPaymentEventSink"/>s to receive events), and the <c>Stripe</c> and <c>Payments</c> options.
    /// </summary>
    public static IServiceCollection AddShopPayments(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<StripeOptions>(StripeOptions.Section);
        services.AddShopOptions<PaymentsOptions>(PaymentsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PaymentEventDispatcher>();
        services.TryAddSingleton<SimulatedPaymentLedger>();
        services.TryAddSingleton<SimulatedPaymentGateway>();
        services.TryAddSingleton<StripePaymentGateway>();
        services.TryAddSingleton<IPaymentGateway>(sp => sp.GetRequiredService<IOptions<StripeOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<StripePaymentGateway>()
            : sp.GetRequiredService<SimulatedPaymentGateway>());
        services.TryAddSingleton<IPaymentWebhookParser, StripeWebhookParser>();
        services.AddHostedService<PaymentsStartupLog>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shop.Domain.Disputes;
using Shop.Hosting;
using Shop.Infrastructure.Payments;

namespace Shop.Infrastructure.Disputes;

/// <summary>Registers the dispute store and gateway: Stripe's when a Stripe key is set, else the embedded one.</summary>
public static class DisputesServiceCollectionExtensions
{
    public static IServiceCollection AddShopDisputesStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<DisputesOptions>(DisputesOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DisputeStore>();
        services.TryAddSingleton<EmbeddedDisputeGateway>();
        services.TryAddSingleton<StripeDisputeGateway>();
        services.TryAddSingleton<IDisputeGateway>(sp => sp.GetRequiredService<IOptions<StripeOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<StripeDisputeGateway>()
            : sp.GetRequiredService<EmbeddedDisputeGateway>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Hosting;
using Shop.Hosting.Http;

namespace Shop.Infrastructure.Marketing;

/// <summary>DI registration of the marketing suppression list and unsubscribe links.</summary>
public static class MarketingServiceCollectionExtensions
{
    /// <summary>The <c>Marketing__*</c> settings, <see cref="SuppressionList"/> and <see cref="UnsubscribeTokens"/>.</summary>
    public static IServiceCollection AddShopMarketing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(SuppressionList)))
        {
            return services;
        }

        services.AddShopOptions<MarketingOptions>(MarketingOptions.Section);
        services.AddSingleton<SuppressionList>();
        services.AddSingleton<UnsubscribeTokens>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemMapper, SignedLinkProblemMapper>());
        return services;
    }
}

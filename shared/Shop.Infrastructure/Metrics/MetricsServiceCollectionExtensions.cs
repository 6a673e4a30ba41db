using Microsoft.Extensions.DependencyInjection;
using Shop.Hosting;

namespace Shop.Infrastructure.Metrics;

/// <summary>DI registration of the metric facts (settings <c>Metrics__*</c>).</summary>
public static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddShopMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(MetricStore)))
        {
            return services;
        }

        services.AddShopOptions<MetricsOptions>(MetricsOptions.Section);
        services.AddSingleton<MetricStore>();
        return services;
    }
}

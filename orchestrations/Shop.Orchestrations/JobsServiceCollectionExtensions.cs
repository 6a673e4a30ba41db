using Microsoft.Extensions.DependencyInjection;
using Shop.Hosting;
using Shop.Infrastructure.Events;
using Shop.Infrastructure.Metrics;
using Shop.Infrastructure.Restock;
using Shop.Orchestrations.Restock;

namespace Shop.Orchestrations;

/// <summary>DI registration of the scheduled and queued jobs: the restock check, and the integration events they and the order workflow publish.</summary>
public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddShopJobs(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ReorderJobs)))
        {
            return services;
        }

        services.AddShopEvents();
        services.AddShopOptions<ReorderOptions>(ReorderOptions.Section);
        services.AddSingleton<ReorderReportStore>();
        services.AddScoped<ReorderJobs>();
        services.AddShopMetrics();
        services.AddScoped<Metrics.CustomerValues>();
        services.AddScoped<Metrics.WeeklyMetricsJob>();
        services.AddScoped<Orders.OrderSignals>();
        return services;
    }
}

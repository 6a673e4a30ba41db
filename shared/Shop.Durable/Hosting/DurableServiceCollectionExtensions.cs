using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Durable.Core;
using Shop.Durable.Storage;
using Shop.Hosting;
using Shop.Hosting.Local;
using Shop.Hosting.Storage;

namespace Shop.Durable;

/// <summary>Registers the durable engine.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable engine (settings section <c>Durable</c>) and <see cref="DurableTaskClient"/>, and registers
    /// orchestrators and activities. May be called more than once (each area adds its own tasks):
    /// <code>services.AddShopDurable(r => r.AddOrchestrator&lt;PlaceOrder&gt;().AddActivity&lt;ReserveStock&gt;());</code>
    /// Declare the engine's queue functions with <c>catalog.AddDurableFunctions()</c>.
    /// </summary>
    public static IServiceCollection AddShopDurable(this IServiceCollection services, Action<DurableTaskRegistry>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(DurableEngine)))
        {
            return services;
        }

        services.AddOptions<DurableTaskRegistry>();
        services.AddShopOptions<DurableOptions>(DurableOptions.Section);
        services.AddOptions<StorageClientOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<QueueSignal>();
        services.TryAddSingleton<QueueSender>();
        services.AddSingleton<DurableStore>();
        services.AddSingleton<DurableEngine>();
        services.AddSingleton(sp => new DurableTaskClient(sp.GetRequiredService<DurableEngine>()));
        return services;
    }
}

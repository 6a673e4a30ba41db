using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Domain.Inventory;
using Shop.Hosting;
using Shop.Infrastructure.Carts;

namespace Shop.Infrastructure.Inventory;

/// <summary>DI registration of stock.</summary>
public static class InventoryServiceCollectionExtensions
{
    /// <summary>The stock store with holds (settings <c>Inventory__*</c>).</summary>
    public static IServiceCollection AddShopInventory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IStockStore)))
        {
            return services;
        }

        services.AddShopOptions<InventoryOptions>(InventoryOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStockStore, TableStockStore>();
        services.AddStorefrontProblems();
        return services;
    }
}

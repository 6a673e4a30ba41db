using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Inventory;

namespace Shop.Functions.Admin;

/// <summary>DI registration of the demo-catalog seeder.</summary>
public static class DemoCatalogServiceCollectionExtensions
{
    /// <summary>
    /// Seeds the demo catalog on start (setting <c>Catalog__SeedDemoData</c>, default true). Call after
    /// <c>AddShopHosting</c>, so the hosting layer's Azurite is started before the seeder runs.
    /// </summary>
    public static IServiceCollection AddShopDemoCatalog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopCatalog();
        services.AddShopInventory();
        services.AddSingleton<DemoCatalogSeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoCatalogSeeder>());
        return services;
    }
}

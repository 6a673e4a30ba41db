using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Catalog;
using Shop.Hosting;
using Shop.Infrastructure.Carts;

namespace Shop.Infrastructure.Catalog;

/// <summary>DI registration of the catalog.</summary>
public static class CatalogServiceCollectionExtensions
{
    /// <summary>The product store (settings <c>Catalog__*</c>) and pricing (its currency).</summary>
    public static IServiceCollection AddShopCatalog(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopPricing();
        if (services.Any(d => d.ServiceType == typeof(IProductStore)))
        {
            return services;
        }

        services.AddShopOptions<CatalogOptions>(CatalogOptions.Section);
        services.AddSingleton<IProductStore, TableProductStore>();
        services.AddStorefrontProblems();
        return services;
    }
}

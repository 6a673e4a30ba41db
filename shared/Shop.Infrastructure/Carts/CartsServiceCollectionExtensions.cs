using Shop.Infrastructure.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shop.Domain.Carts;
using Shop.Domain.Pricing;
using Shop.Hosting;
using Shop.Hosting.Http;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Inventory;

namespace Shop.Infrastructure.Carts;

/// <summary>DI registration of carts and pricing.</summary>
public static class CartsServiceCollectionExtensions
{
    /// <summary>Carts (settings <c>Carts__*</c>), their <see cref="CartService"/>, pricing, and the catalog and stock they read.</summary>
    public static IServiceCollection AddShopCarts(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopCatalog();
        services.AddShopInventory();
        services.AddShopPricing();
        if (services.Any(d => d.ServiceType == typeof(ICartStore)))
        {
            return services;
        }

        services.AddShopOptions<CartOptions>(CartOptions.Section);
        services.AddSingleton<ICartStore, TableCartStore>();
        services.AddShopMetrics();
        services.TryAddSingleton<ICartReminders, NoCartReminders>();
        services.AddSingleton<CartService>();
        services.AddStorefrontProblems();
        return services;
    }

    /// <summary>Prices, shipping and tax (settings <c>Pricing__*</c>) as a <see cref="PriceCalculator"/>.</summary>
    public static IServiceCollection AddShopPricing(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(PriceCalculator)))
        {
            return services;
        }

        services.AddShopOptions<PricingOptions>(PricingOptions.Section)
            .Validate(Validate, "Pricing settings are invalid: Currency must be a supported ISO 4217 code, zones one of Domestic, Regional, International, tax rates 0 to 1.");
        services.AddSingleton(sp => new PriceCalculator(sp.GetRequiredService<IOptions<PricingOptions>>().Value));
        return services;
    }

    internal static IServiceCollection AddStorefrontProblems(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemMapper, DomainProblemMapper>());
        return services;
    }

    private static bool Validate(PricingOptions options)
    {
        try
        {
            _ = new PriceCalculator(options);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }
}

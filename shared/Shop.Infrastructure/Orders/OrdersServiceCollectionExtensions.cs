using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Orders;
using Shop.Hosting;

namespace Shop.Infrastructure.Orders;

/// <summary>DI registration for order storage and the order rules.</summary>
public static class OrdersServiceCollectionExtensions
{
    public static IServiceCollection AddShopOrders(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<OrdersOptions>(OrdersOptions.Section);
        services.AddShopOptions<OrderRulesOptions>("Orders");
        services.AddSingleton<IOrderStore, TableOrderStore>();
        return services;
    }
}

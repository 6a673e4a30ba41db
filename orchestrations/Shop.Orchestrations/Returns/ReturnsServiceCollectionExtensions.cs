using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Domain.Returns;
using Shop.Durable;
using Shop.Infrastructure.Returns;

namespace Shop.Orchestrations.Returns;

/// <summary>DI registration of returns: storage, tokens, the carrier port (the embedded one unless another is registered), the steps and the service.</summary>
public static class ReturnsServiceCollectionExtensions
{
    public static IServiceCollection AddShopReturns(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopReturnsStorage();
        services.TryAddSingleton<IReturnCarrier, EmbeddedReturnCarrier>();
        services.TryAddSingleton<DurableClients>();
        services.AddScoped<ReturnSteps>();
        services.AddScoped<ReturnService>();
        return services;
    }
}

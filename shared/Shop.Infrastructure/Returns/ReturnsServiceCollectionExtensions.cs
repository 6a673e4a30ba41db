using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Hosting;

namespace Shop.Infrastructure.Returns;

/// <summary>Registers the returns storage, tokens and options.</summary>
public static class ReturnsServiceCollectionExtensions
{
    public static IServiceCollection AddShopReturnsStorage(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<ReturnsOptions>(ReturnsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ReturnStore>();
        services.TryAddSingleton<ReturnTokens>();
        services.TryAddSingleton<ReturnPhotoStore>();
        return services;
    }
}

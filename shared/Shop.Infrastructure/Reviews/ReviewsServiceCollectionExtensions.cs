using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Hosting;
using Shop.Hosting.Http;

namespace Shop.Infrastructure.Reviews;

/// <summary>DI registration of review storage and review links.</summary>
public static class ReviewsServiceCollectionExtensions
{
    /// <summary>The <c>Reviews__*</c> settings, <see cref="ReviewStore"/> and <see cref="ReviewTokens"/>.</summary>
    public static IServiceCollection AddShopReviewStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(ReviewStore)))
        {
            return services;
        }

        services.AddShopOptions<ReviewOptions>(ReviewOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ReviewTokens>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemMapper, SignedLinkProblemMapper>());
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Domain.Carts;
using Shop.Durable;
using Shop.Hosting;
using Shop.Infrastructure.Marketing;
using Shop.Infrastructure.Reviews;
using Shop.Orchestrations.Marketing;

namespace Shop.Orchestrations.Reviews;

/// <summary>DI registration of reviews, the marketing email sequences (review requests, abandoned-cart reminders) and the suppression list.</summary>
public static class ReviewsServiceCollectionExtensions
{
    public static IServiceCollection AddShopReviews(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopReviewStore();
        services.AddShopMarketing();
        services.AddShopOptions<ReviewRequestOptions>(ReviewRequestOptions.Section);
        services.TryAddSingleton<DurableClients>();
        services.TryAddSingleton<DurableSequences>();
        services.TryAddSingleton<UnsubscribeService>();
        services.TryAddSingleton<ReviewRequests>();
        services.TryAddScoped<ReviewRequestSteps>();
        services.TryAddScoped<ReviewService>();
        services.AddShopOptions<AbandonedCartOptions>(AbandonedCartOptions.Section);
        services.TryAddSingleton<AbandonedCartReminders>();
        services.Replace(ServiceDescriptor.Singleton<ICartReminders>(sp => sp.GetRequiredService<AbandonedCartReminders>()));
        services.TryAddScoped<CartReminderSteps>();
        return services;
    }
}

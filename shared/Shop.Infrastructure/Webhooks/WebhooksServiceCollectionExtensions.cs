using Microsoft.Extensions.DependencyInjection;
using Shop.Hosting;

namespace Shop.Infrastructure.Webhooks;

/// <summary>DI registration for webhook verification and de-duplication.</summary>
public static class WebhooksServiceCollectionExtensions
{
    public static IServiceCollection AddShopWebhooks(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<WebhookOptions>(WebhookOptions.Section);
        services.AddShopOptions<CarrierOptions>(CarrierOptions.Section);
        services.AddSingleton<WebhookEventLedger>();
        return services;
    }
}

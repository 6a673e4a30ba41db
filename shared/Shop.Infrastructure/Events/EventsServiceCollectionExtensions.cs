using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shop.Domain.Events;
using Shop.Hosting;

namespace Shop.Infrastructure.Events;

/// <summary>DI registration of integration events (settings <c>Events__*</c>).</summary>
public static class EventsServiceCollectionExtensions
{
    /// <summary>Service Bus when <c>Events__ServiceBusNamespace</c> is set (managed identity), else the Storage queue.</summary>
    public static IServiceCollection AddShopEvents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IIntegrationEvents)))
        {
            return services;
        }

        services.AddShopOptions<EventsOptions>(EventsOptions.Section);
        services.TryAddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<EventsOptions>>().Value;
            // Unset: the identity the storage connection uses (in Azure, the app's user-assigned identity).
            var clientId = o.ServiceBusClientId is { Length: > 0 } given ? given : sp.GetRequiredService<IConfiguration>()["AzureWebJobsStorage:clientId"];
            Azure.Core.TokenCredential credential = clientId is { Length: > 0 } id
                ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(id))
                : new DefaultAzureCredential();
            return new ServiceBusClient(o.ServiceBusNamespace, credential);
        });
        services.AddSingleton<IIntegrationEvents>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<EventsOptions>>();
            return string.IsNullOrWhiteSpace(o.Value.ServiceBusNamespace)
                ? ActivatorUtilities.CreateInstance<QueueIntegrationEvents>(sp)
                : new ServiceBusIntegrationEvents(sp.GetRequiredService<ServiceBusClient>().CreateSender(o.Value.Topic), o);
        });
        return services;
    }
}

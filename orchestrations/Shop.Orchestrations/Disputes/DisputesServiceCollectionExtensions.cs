using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Domain.Payments;
using Shop.Durable;
using Shop.Infrastructure.Disputes;

namespace Shop.Orchestrations.Disputes;

/// <summary>DI registration of chargebacks: storage and gateway, the steps, and the payment-event sink that starts their workflows.</summary>
public static class DisputesServiceCollectionExtensions
{
    public static IServiceCollection AddShopDisputes(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopDisputesStorage();
        services.TryAddSingleton<DurableClients>();
        services.AddScoped<DisputeSteps>();
        services.AddSingleton<IPaymentEventSink>(sp => new DisputePaymentEventSink(
            sp.GetRequiredService<DurableClients>(),
            ActivatorUtilities.CreateInstance<DisputeSteps>(sp),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DisputesOptions>>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Orders.OrderWorkflowOptions>>()));
        return services;
    }
}

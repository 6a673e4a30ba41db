using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Shop.Domain.Payments;
using Shop.Durable;
using Shop.Hosting;
using Shop.Infrastructure.Checkout;
using Shop.Infrastructure.Orders;
using Shop.Infrastructure.Webhooks;
using Shop.Orchestrations.Checkout;
using Shop.Domain.Fulfillment;
using Shop.Infrastructure.Fulfillment;
using Shop.Orchestrations.Jobs;
using Shop.Orchestrations.Orders;
using Shop.Orchestrations.Reviews;

namespace Shop.Orchestrations;

/// <summary>
/// DI registration of checkout, the order workflow's client and steps, fulfillment, the order jobs and the purge of
/// finished instances. The orchestrator and
/// activities are functions of the app (<c>OrderWorkflowFunctions</c>): Durable Functions runs them in Azure, the embedded
/// engine locally.
/// </summary>
public static class OrchestrationsServiceCollectionExtensions
{
    public static IServiceCollection AddShopOrderWorkflow(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOrders();
        services.AddShopWebhooks();
        services.AddShopOptions<OrderWorkflowOptions>(OrderWorkflowOptions.Section);
        services.AddShopOptions<CheckoutOptions>(CheckoutOptions.Section);
        services.AddShopOptions<FulfillmentOptions>(FulfillmentOptions.Section);
        services.AddSingleton<CheckoutRequestStore>();
        services.AddSingleton<FulfillmentStore>();
        services.AddSingleton<IOrderWorkflow, DurableOrderWorkflow>();
        services.AddScoped<CheckoutService>();
        services.AddScoped<OrderSteps>();
        services.AddShopJobs();
        services.AddSingleton<AuthorizationsInFlight>();
        services.AddScoped<OrderJobs>();
        services.AddShopOptions<InstanceRetentionOptions>(InstanceRetentionOptions.Section);
        services.AddScoped<InstancePurgeJob>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IPaymentEventSink, OrderPaymentEventSink>();
        services.TryAddSingleton<DurableClients>();
        services.AddShopReviews();
        return services;
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Inventory;
using Shop.Domain.Orders;
using Shop.Orchestrations.Checkout;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Jobs;

/// <summary>
/// The order pipeline's safety nets, run by timers: give back stock holds whose order died, and start the workflow of
/// any order whose checkout stopped between storing it and starting it (so no order is stuck unseen).
/// </summary>
public sealed partial class OrderJobs(
    IStockStore stock,
    IOrderStore orders,
    IOrderWorkflow workflow,
    IOptions<OrderWorkflowOptions> options,
    TimeProvider time,
    ILogger<OrderJobs> logger)
{
    /// <summary>Orders younger than this may still be starting: the sweep leaves them to their checkout.</summary>
    public static readonly TimeSpan StartGrace = TimeSpan.FromMinutes(2);

    public async Task<int> ReleaseExpiredHoldsAsync(CancellationToken cancellationToken = default)
    {
        var released = await stock.ReleaseExpiredAsync(time.GetUtcNow(), cancellationToken);
        if (released > 0)
        {
            Log.HoldsReleased(logger, released);
        }

        return released;
    }

    public async Task<int> StartStalledOrdersAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var started = 0;
        string? token = null;
        do
        {
            var page = await orders.ListAsync(OrderStatus.Placed, today.AddDays(-1), today, 100, token, cancellationToken);
            foreach (var order in page.Orders.Where(o => now - o.PlacedAt > StartGrace))
            {
                if (!await workflow.ExistsAsync(order.Id, cancellationToken))
                {
                    await workflow.StartAsync(OrderWorkflowInput.For(order.Id, null, options.Value), cancellationToken);
                    Log.StalledOrderStarted(logger, order.Id);
                    started++;
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return started;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Released {Count} expired stock holds")]
        public static partial void HoldsReleased(ILogger logger, int count);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Order {OrderId} was stored without a workflow (its checkout stopped); started it")]
        public static partial void StalledOrderStarted(ILogger logger, string orderId);
    }
}

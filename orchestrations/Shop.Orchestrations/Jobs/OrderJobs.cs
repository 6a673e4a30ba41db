using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Domain.Inventory;
using Shop.Domain.Orders;
using Shop.Infrastructure.Email;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Jobs;

/// <summary>
/// The order pipeline's safety nets, run by timers: give back stock holds whose order died, and start the workflow of
/// any order whose checkout stopped between storing it and starting it, and report placed orders whose workflow
/// failed (so no order is stuck unseen).
/// </summary>
public sealed partial class OrderJobs(
    IStockStore stock,
    IOrderStore orders,
    IOrderWorkflow workflow,
    IOptions<OrderWorkflowOptions> options,
    IEmailSender email,
    IOptions<EmailOptions> emailOptions,
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

    /// <summary>Recomputes held stock from the live holds; any difference is corrected and reported to ops.</summary>
    public async Task<IReadOnlyList<StockDrift>> RepairStockDriftAsync(CancellationToken cancellationToken = default)
    {
        var drifts = await stock.RepairHeldDriftAsync(cancellationToken);
        foreach (var drift in drifts)
        {
            Log.StockDrift(logger, drift.Sku, drift.RecordedHeld, drift.LiveHolds, drift.Repaired);
            var alert = new AnomalyAlertEmail(
                $"Held stock of {drift.Sku}",
                drift.RecordedHeld.ToString(System.Globalization.CultureInfo.InvariantCulture),
                drift.LiveHolds.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (the sum of its live holds)",
                time.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
                drift.Repaired ? "The held quantity was corrected to the live holds." : "Not corrected automatically: check the SKU's stock and holds.");
            await email.SendAsync(new EmailRecipient(emailOptions.Value.OpsAddress), alert, $"stock-drift:{drift.Sku}:{drift.RecordedHeld}:{drift.LiveHolds}", cancellationToken);
        }

        return drifts;
    }

    /// <summary>
    /// Starts the workflow of every placed order (of today and yesterday, past <see cref="StartGrace"/>) that has
    /// none, and reports to ops every placed order whose workflow failed: nothing else would move such an order (a
    /// step that failed for good, or a checkout whose process died between the workflow and the order and whose
    /// client came back only after the steps' retries). Returns how many were started.
    /// </summary>
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
                var state = await workflow.GetStatusAsync(order.Id, cancellationToken);
                if (state is null)
                {
                    await workflow.StartAsync(OrderWorkflowInput.For(order.Id, null, options.Value), cancellationToken);
                    Log.StalledOrderStarted(logger, order.Id);
                    started++;
                }
                else if (state.RuntimeStatus == nameof(Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Failed))
                {
                    Log.StalledOrderFailed(logger, order.Id, state.Failure);
                    var alert = new StuckOrderAlertEmail(
                        order.Id,
                        order.Status.ToString(),
                        order.PlacedAt,
                        "Its workflow failed and nothing else moves it: " + (state.Failure ?? "no reason recorded"),
                        new Uri(options.Value.PublicBaseUrl, $"api/admin/instances/{order.Id}?history=true"));
                    await email.SendAsync(new EmailRecipient(emailOptions.Value.OpsAddress), alert, $"{order.Id}:ops:workflow-failed", cancellationToken);
                }
            }

            token = page.ContinuationToken;
        }
        while (token is not null);
        return started;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Stock drift on {Sku}: held {Recorded}, live holds {Live} (repaired: {Repaired})")]
        public static partial void StockDrift(ILogger logger, string sku, int recorded, int live, bool repaired);

        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Released {Count} expired stock holds")]
        public static partial void HoldsReleased(ILogger logger, int count);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Order {OrderId} was stored without a workflow (its checkout stopped); started it")]
        public static partial void StalledOrderStarted(ILogger logger, string orderId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Order {OrderId} is placed but its workflow failed ({Failure}); ops alerted")]
        public static partial void StalledOrderFailed(ILogger logger, string orderId, string? failure);
    }
}

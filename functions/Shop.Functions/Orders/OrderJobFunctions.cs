using Shop.Orchestrations.Jobs;

namespace Shop.Functions.Orders;

/// <summary>Timers of the order pipeline: the expired-hold sweep, the stalled-checkout recovery and the stock drift repair.</summary>
public sealed class OrderJobFunctions(OrderJobs jobs)
{
    [Function("SweepExpiredHolds")]
    public Task SweepExpiredHoldsAsync([TimerTrigger("%Jobs__HoldSweepSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.ReleaseExpiredHoldsAsync(cancellationToken);

    /// <summary>Starts the workflow of orders whose checkout stopped between placing the order and starting it.</summary>
    [Function("StartStalledOrders")]
    public Task StartStalledOrdersAsync(
        [TimerTrigger("%Jobs__StalledOrderSchedule%")] TimerInfo timer,
        [DurableClient] Microsoft.DurableTask.Client.DurableTaskClient client,
        CancellationToken cancellationToken) =>
        jobs.StartStalledOrdersAsync(cancellationToken);

    [Function("RepairStockDrift")]
    public Task RepairStockDriftAsync([TimerTrigger("%Jobs__StockDriftSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.RepairStockDriftAsync(cancellationToken);
}

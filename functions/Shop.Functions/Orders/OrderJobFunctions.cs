using Shop.Hosting.Functions;
using Shop.Orchestrations.Jobs;

namespace Shop.Functions.Orders;

/// <summary>Timers of the order pipeline: the expired-hold sweep, the stalled-checkout recovery and the stock drift repair.</summary>
public static class OrderJobFunctions
{
    public static FunctionCatalog AddOrderJobFunctions(this FunctionCatalog functions) => functions
        .MapTimer("SweepExpiredHolds", "%Jobs__HoldSweepSchedule%", (invocation, ct) =>
            invocation.Services.GetRequiredService<OrderJobs>().ReleaseExpiredHoldsAsync(ct))
        .MapTimer("StartStalledOrders", "%Jobs__StalledOrderSchedule%", (invocation, ct) =>
            invocation.Services.GetRequiredService<OrderJobs>().StartStalledOrdersAsync(ct))
        .MapTimer("RepairStockDrift", "%Jobs__StockDriftSchedule%", (invocation, ct) =>
            invocation.Services.GetRequiredService<OrderJobs>().RepairStockDriftAsync(ct));
}


namespace Shop.Orchestrations.Orders;

/// <summary>The order workflows: one durable orchestration per order, its instance id the order id.</summary>
public interface IOrderWorkflow
{
    /// <summary>Starts the order's workflow; starting one that already exists is a no-op.</summary>
    Task StartAsync(OrderWorkflowInput input, CancellationToken cancellationToken = default);

    /// <summary>True when the order's workflow has been started (whatever its state now).</summary>
    Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>The workflow's runtime status, custom status and failure; null when it was never started.</summary>
    Task<OrderWorkflowState?> GetStatusAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Raises an event into the order's workflow; false when there is no such workflow.</summary>
    Task<bool> RaiseAsync(string orderId, string eventName, object payload, CancellationToken cancellationToken = default);
}

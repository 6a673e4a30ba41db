using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Durable;

namespace Shop.Orchestrations.Orders;

/// <summary>The order workflows through Microsoft's <see cref="DurableTaskClient"/>: the order id is the instance id.</summary>
public sealed class DurableOrderWorkflow(DurableTaskClient client) : IOrderWorkflow
{
    private static readonly OrchestrationRuntimeStatus[] Terminal =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    public async Task StartAsync(OrderWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            // One write: the engine refuses an id that exists in any status, so a finished order is never restarted.
            var options = new StartOrchestrationOptions(input.OrderId).WithDedupeStatuses(Terminal);
            await client.ScheduleNewOrchestrationInstanceAsync(OrderOrchestrator.Name, input, options, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // Started already (a retried or concurrent checkout): never a second workflow.
        }
    }

    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(orderId, cancellationToken) is not null;

    public async Task<OrderWorkflowState?> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken) is { } instance
            ? new OrderWorkflowState(instance.RuntimeStatus.ToString(), instance.SerializedCustomStatus, instance.LastUpdatedAt, instance.FailureDetails?.ToString())
            : null;

    public async Task<bool> RaiseAsync(string orderId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.RaiseEventAsync(orderId, eventName, payload, cancellationToken);
            return true;
        }
        catch (OrchestrationNotFoundException)
        {
            return false;
        }
    }
}

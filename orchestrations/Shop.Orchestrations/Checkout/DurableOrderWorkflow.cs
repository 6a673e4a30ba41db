using Shop.Durable;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Checkout;

/// <summary>The order workflows on the durable engine: the order id is the instance id.</summary>
public sealed class DurableOrderWorkflow(DurableTaskClient client) : IOrderWorkflow
{
    public async Task StartAsync(OrderWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (await client.GetInstanceAsync(input.OrderId, cancellationToken: cancellationToken) is not null)
        {
            // Started already (a retried checkout): never a second workflow, never a restart of a finished one.
            return;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(OrderOrchestrator.Name, input, new StartOrchestrationOptions(input.OrderId), cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            // A concurrent retry started it.
        }
    }

    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(orderId, cancellationToken: cancellationToken) is not null;

    public async Task<OrderWorkflowState?> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        await client.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken) is { } instance
            ? new OrderWorkflowState(instance.RuntimeStatus.ToString(), instance.SerializedCustomStatus, instance.LastUpdatedAt, instance.FailureDetails?.ToString())
            : null;

    public async Task<bool> RaiseAsync(string orderId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        if (!await ExistsAsync(orderId, cancellationToken))
        {
            return false;
        }

        await client.RaiseEventAsync(orderId, eventName, payload, cancellationToken);
        return true;
    }
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Durable;
using DtfxAlreadyExists = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Shop.Orchestrations.Orders;

/// <summary>The order workflows through Microsoft's <see cref="DurableTaskClient"/>: the order id is the instance id.</summary>
public sealed class DurableOrderWorkflow(DurableClients clients) : IOrderWorkflow
{
    /// <summary>
    /// Every status an order's instance can be in: an existing instance is never replaced. The list must be complete:
    /// Microsoft's engine (the Durable Task Framework, through its gRPC client too) replaces an existing instance whose
    /// status is not listed — a running one included, which would run the order's payment again — while the embedded
    /// engine refuses an active instance whatever the list says.
    /// </summary>
    private static readonly OrchestrationRuntimeStatus[] AnyStatus =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
    ];

    public async Task StartAsync(OrderWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            // One write: the backend refuses an id that exists in any status, so an order's workflow is never replaced or restarted.
            var options = new StartOrchestrationOptions(input.OrderId).WithDedupeStatuses(AnyStatus);
            await clients.Current.ScheduleNewOrchestrationInstanceAsync(OrderOrchestrator.Name, input, options, cancellationToken);
        }
        catch (Exception e) when (e is OrchestrationAlreadyExistsException or DtfxAlreadyExists)
        {
            // Started already (a retried or concurrent checkout): never a second workflow. The embedded client throws
            // the first; Microsoft's gRPC client the Durable Task Framework's, as Durable Functions configures its
            // providers to refuse (the Azure Storage provider's own default is to ignore the start).
        }
    }

    public async Task<bool> ExistsAsync(string orderId, CancellationToken cancellationToken = default) =>
        await clients.Current.GetInstanceAsync(orderId, cancellationToken) is not null;

    public async Task<OrderWorkflowState?> GetStatusAsync(string orderId, CancellationToken cancellationToken = default) =>
        await clients.Current.GetInstanceAsync(orderId, getInputsAndOutputs: true, cancellationToken) is { } instance
            ? new OrderWorkflowState(instance.RuntimeStatus.ToString(), instance.SerializedCustomStatus, instance.LastUpdatedAt, instance.FailureDetails?.ToString())
            : null;

    /// <remarks>
    /// A finished workflow takes no event: Microsoft's engine accepts it and drops it later, the embedded one drops it
    /// too, so the answer is looked up first rather than left to an optimistic "accepted".
    /// </remarks>
    public async Task<bool> RaiseAsync(string orderId, string eventName, object payload, CancellationToken cancellationToken = default)
    {
        var client = clients.Current;
        if (await client.GetInstanceAsync(orderId, cancellationToken) is not { IsRunning: true } and not { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return false;
        }

        try
        {
            await client.RaiseEventAsync(orderId, eventName, payload, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is OrchestrationNotFoundException or OrchestrationStateException)
        {
            return false;
        }
    }
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Orchestrations.Orders;

namespace Shop.Functions.Orders;

/// <summary>
/// The order workflow as Durable Functions: the orchestrator (<see cref="OrderOrchestrator"/>) and one activity per step
/// of <see cref="OrderSteps"/>. In Azure the Functions host runs them on Durable Functions; locally the embedded engine
/// runs these same methods under the same names.
/// </summary>
public sealed class OrderWorkflowFunctions(OrderSteps steps)
{
    /// <summary>The orchestrator; Durable Functions binds the instance's input to <paramref name="input"/>.</summary>
    [Function(OrderOrchestrator.Name)]
    public static Task<OrderEnd> RunOrderAsync([OrchestrationTrigger] TaskOrchestrationContext context, OrderWorkflowInput input) =>
        new OrderOrchestrator().RunAsync(context, input);

    [Function(OrderActivities.Validate)]
    public Task<ValidationOutcome> ValidateAsync([ActivityTrigger] ValidateStep step) => steps.ValidateAsync(step.OrderId, step.ExpectedTotalMinor);

    [Function(OrderActivities.Reject)]
    public Task RejectAsync([ActivityTrigger] RejectStep step) => steps.RejectAsync(step);

    [Function(OrderActivities.HoldStock)]
    public Task<HoldOutcome> HoldStockAsync([ActivityTrigger] string orderId) => steps.HoldStockAsync(orderId);

    [Function(OrderActivities.ReleaseStock)]
    public Task ReleaseStockAsync([ActivityTrigger] string orderId) => steps.ReleaseStockAsync(orderId);

    /// <summary>The simulated gateway reports an immediate outcome as a payment event: the client lets it reach the workflow.</summary>
    [Function(OrderActivities.Authorize)]
    public Task<PaymentOutcome> AuthorizeAsync([ActivityTrigger] AuthorizeStep step, [DurableClient] DurableTaskClient client) => steps.AuthorizeAsync(step);

    [Function(OrderActivities.Void)]
    public Task VoidAsync([ActivityTrigger] OrderStep step) => steps.VoidAsync(step);

    [Function(OrderActivities.Capture)]
    public Task<CaptureOutcome> CaptureAsync([ActivityTrigger] OrderStep step) => steps.CaptureAsync(step);

    [Function(OrderActivities.RecordPaymentRecovery)]
    public Task RecordPaymentRecoveryAsync([ActivityTrigger] PaymentRecoveryStep step) => steps.RecordPaymentRecoveryAsync(step);

    [Function(OrderActivities.FailPayment)]
    public Task FailPaymentAsync([ActivityTrigger] OrderStep step) => steps.FailPaymentAsync(step);

    [Function(OrderActivities.Confirm)]
    public Task ConfirmAsync([ActivityTrigger] OrderStep step) => steps.ConfirmAsync(step);

    [Function(OrderActivities.StartPicking)]
    public Task StartPickingAsync([ActivityTrigger] string orderId) => steps.StartPickingAsync(orderId);

    [Function(OrderActivities.NotifyDelay)]
    public Task NotifyDelayAsync([ActivityTrigger] string orderId) => steps.NotifyDelayAsync(orderId);

    [Function(OrderActivities.AlertOps)]
    public Task AlertOpsAsync([ActivityTrigger] OrderStep step) => steps.AlertOpsAsync(step);

    [Function(OrderActivities.Cancel)]
    public Task CancelAsync([ActivityTrigger] OrderStep step) => steps.CancelAsync(step);

    [Function(OrderActivities.ConvertStock)]
    public Task ConvertStockAsync([ActivityTrigger] string orderId) => steps.ConvertStockAsync(orderId);

    [Function(OrderActivities.MarkShipped)]
    public Task MarkShippedAsync([ActivityTrigger] ShipStep step) => steps.MarkShippedAsync(step);

    /// <summary>A delivery starts the order's review requests: the client lets the step start them.</summary>
    [Function(OrderActivities.Track)]
    public Task<bool> TrackAsync([ActivityTrigger] TrackStep step, [DurableClient] DurableTaskClient client) => steps.TrackAsync(step);
}

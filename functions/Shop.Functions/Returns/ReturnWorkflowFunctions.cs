using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Orchestrations.Returns;

namespace Shop.Functions.Returns;

/// <summary>
/// The return workflow as Durable Functions: the orchestrator (<see cref="ReturnOrchestrator"/>) and one activity per step
/// of <see cref="ReturnSteps"/>. In Azure the Functions host runs them on Durable Functions; locally the embedded engine.
/// </summary>
public sealed class ReturnWorkflowFunctions(ReturnSteps steps)
{
    [Function(ReturnOrchestrator.Name)]
    public static Task<ReturnEnd> RunReturnAsync([OrchestrationTrigger] TaskOrchestrationContext context, ReturnWorkflowInput input) =>
        new ReturnOrchestrator().RunAsync(context, input);

    /// <summary>The moment a return is requested: a counter of returns by product and reason belongs in this step.</summary>
    [Function(ReturnActivities.Requested)]
    public Task RequestedAsync([ActivityTrigger] ReturnStep step) => steps.RequestedAsync(step.ReturnId);

    /// <summary>Raises <c>Stop</c> on the order's review-request workflow, through the invocation's client.</summary>
    [Function(ReturnActivities.StopReviewRequests)]
    public Task StopReviewRequestsAsync([ActivityTrigger] string orderId, [DurableClient] DurableTaskClient client) => steps.StopReviewRequestsAsync(orderId);

    [Function(ReturnActivities.Approve)]
    public Task ApproveAsync([ActivityTrigger] ReturnStep step) => steps.ApproveAsync(step);

    [Function(ReturnActivities.Reject)]
    public Task RejectAsync([ActivityTrigger] ReturnStep step) => steps.RejectAsync(step);

    [Function(ReturnActivities.Settle)]
    public Task SettleAsync([ActivityTrigger] ReturnStep step) => steps.SettleAsync(step);

    [Function(ReturnActivities.IssueLabel)]
    public Task IssueLabelAsync([ActivityTrigger] ReturnStep step) => steps.IssueLabelAsync(step);

    [Function(ReturnActivities.RemindParcel)]
    public Task RemindParcelAsync([ActivityTrigger] ReturnStep step) => steps.RemindParcelAsync(step);

    [Function(ReturnActivities.Expire)]
    public Task ExpireAsync([ActivityTrigger] ReturnStep step) => steps.ExpireAsync(step);

    [Function(ReturnActivities.MarkReceived)]
    public Task<DateTimeOffset> MarkReceivedAsync([ActivityTrigger] ReceiveStep step) => steps.MarkReceivedAsync(step);

    [Function(ReturnActivities.Inspect)]
    public Task InspectAsync([ActivityTrigger] InspectStep step) => steps.InspectAsync(step);

    /// <summary>The moment a return is refunded: a refund counter belongs in this step.</summary>
    [Function(ReturnActivities.Refund)]
    public Task RefundAsync([ActivityTrigger] ReturnStep step) => steps.RefundAsync(step);

    [Function(ReturnActivities.Close)]
    public Task CloseAsync([ActivityTrigger] ReturnStep step) => steps.CloseAsync(step);

    [Function(ReturnActivities.AlertOps)]
    public Task AlertOpsAsync([ActivityTrigger] ReturnStep step) => steps.AlertOpsAsync(step);
}

using Microsoft.DurableTask;
using Shop.Domain.Disputes;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Disputes;

/// <summary>
/// One chargeback: recorded on its order and alerted to ops → the evidence gathered (the order, the shipping address,
/// the tracking number, the delivery confirmation, the customer emails sent) → submitted through the payment provider
/// (Stripe's dispute API, or recorded by the embedded gateway) within <see cref="DisputeWorkflowInput.EvidenceWithin"/>
/// (ops alerted when that is missed) → the outcome when <c>charge.dispute.closed</c> comes.
/// </summary>
/// <remarks>Replay rules as for the order workflow: no clock, no GUIDs, no I/O here; settings come from the input.</remarks>
public sealed class DisputeOrchestrator : TaskOrchestrator<DisputeWorkflowInput, string>
{
    public const string Name = nameof(DisputeOrchestrator);

    /// <summary>How long the workflow waits for the outcome after the evidence is due (banks take up to 75 days).</summary>
    public static readonly TimeSpan OutcomeWait = TimeSpan.FromDays(120);

    public override async Task<string> RunAsync(TaskOrchestrationContext context, DisputeWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = StepRetries.Policy(input.MaxStepAttempts, input.FirstRetryInterval, input.RetryIntervalCap);
        var id = input.DisputeId;
        var evidenceBy = context.CurrentUtcDateTime + input.EvidenceWithin;
        try
        {
            context.SetCustomStatus(new OrderWorkflowStatus("gathering_evidence", "the evidence to be gathered and submitted", evidenceBy));
            await context.CallActivityAsync(DisputeActivities.Record, input, retry);
            var evidence = await context.CallActivityAsync<DisputeEvidence?>(DisputeActivities.GatherEvidence, id, retry);
            if (evidence is null)
            {
                await context.CallActivityAsync(DisputeActivities.AlertOps, new DisputeStep(id, "No order is known for the disputed payment: gather the evidence by hand."), retry);
            }
            else
            {
                await context.CallActivityAsync(DisputeActivities.SubmitEvidence, new SubmitEvidenceStep(id, evidence), retry);
                if (context.CurrentUtcDateTime > evidenceBy)
                {
                    await context.CallActivityAsync(DisputeActivities.AlertOps, new DisputeStep(id, $"The evidence was submitted later than {input.EvidenceWithin.TotalHours:0} hours after the dispute."), retry);
                }
            }
        }
        catch (TaskFailedException failure)
        {
            await context.CallActivityAsync(DisputeActivities.AlertOps, new DisputeStep(id, $"The evidence could not be submitted ({failure.TaskName}: {failure.FailureDetails.ErrorMessage}): submit it by hand."), retry);
            throw;
        }

        var outcomeBy = (input.EvidenceDueBy?.UtcDateTime ?? context.CurrentUtcDateTime) + OutcomeWait;
        context.SetCustomStatus(new OrderWorkflowStatus("awaiting_outcome", "the bank's decision (charge.dispute.closed)", outcomeBy));
        using var cancel = new CancellationTokenSource();
        var closed = context.WaitForExternalEvent<string>(DisputeActivities.ClosedEvent, cancel.Token);
        var timer = context.CreateTimer(outcomeBy, cancel.Token);
        var winner = await Task.WhenAny(closed, timer);
#pragma warning disable CA1849 // Cancel runs the callbacks inline, on the orchestration's thread, as replay requires.
        cancel.Cancel();
#pragma warning restore CA1849
        var outcome = winner == closed ? await closed : "unknown";
        await context.CallActivityAsync(DisputeActivities.RecordOutcome, new DisputeStep(id, outcome), retry);
        context.SetCustomStatus(new OrderWorkflowStatus("completed", "nothing: the dispute is " + outcome, null));
        return outcome;
    }
}

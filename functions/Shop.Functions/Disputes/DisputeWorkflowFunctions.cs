using Microsoft.DurableTask;
using Shop.Domain.Disputes;
using Shop.Orchestrations.Disputes;

namespace Shop.Functions.Disputes;

/// <summary>The dispute workflow as Durable Functions: the orchestrator (<see cref="DisputeOrchestrator"/>) and one activity per step of <see cref="DisputeSteps"/>.</summary>
public sealed class DisputeWorkflowFunctions(DisputeSteps steps)
{
    [Function(DisputeOrchestrator.Name)]
    public static Task<string> RunDisputeAsync([OrchestrationTrigger] TaskOrchestrationContext context, DisputeWorkflowInput input) =>
        new DisputeOrchestrator().RunAsync(context, input);

    [Function(DisputeActivities.Record)]
    public Task RecordAsync([ActivityTrigger] DisputeWorkflowInput input) => steps.RecordAsync(input);

    [Function(DisputeActivities.GatherEvidence)]
    public Task<DisputeEvidence?> GatherEvidenceAsync([ActivityTrigger] string disputeId) => steps.GatherEvidenceAsync(disputeId);

    [Function(DisputeActivities.SubmitEvidence)]
    public Task SubmitEvidenceAsync([ActivityTrigger] SubmitEvidenceStep step) => steps.SubmitEvidenceAsync(step);

    [Function(DisputeActivities.RecordOutcome)]
    public Task RecordOutcomeAsync([ActivityTrigger] DisputeStep step) => steps.RecordOutcomeAsync(step);

    [Function(DisputeActivities.AlertOps)]
    public Task AlertOpsAsync([ActivityTrigger] DisputeStep step) => steps.AlertOpsAsync(step);
}

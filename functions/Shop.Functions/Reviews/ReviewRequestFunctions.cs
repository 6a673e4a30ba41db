using Microsoft.DurableTask;
using Shop.Orchestrations.Marketing;
using Shop.Orchestrations.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>The review-request sequence as Durable Functions: its orchestrator and its one activity, the send step.</summary>
public sealed class ReviewRequestFunctions(ReviewRequestSteps steps)
{
    [Function(ReviewRequestOrchestrator.Name)]
    public static Task<ReviewRequestEnd> RunAsync([OrchestrationTrigger] TaskOrchestrationContext context, ReviewRequestInput input) =>
        new ReviewRequestOrchestrator().RunAsync(context, input);

    [Function(ReviewRequestOrchestrator.SendActivity)]
    public Task<SequenceStepOutcome> SendAsync([ActivityTrigger] ReviewRequestStep step) => steps.SendAsync(step);
}

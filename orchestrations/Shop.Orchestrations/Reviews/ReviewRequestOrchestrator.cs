using Microsoft.DurableTask;
using Shop.Orchestrations.Marketing;

namespace Shop.Orchestrations.Reviews;

/// <summary>
/// One delivered order's review requests (instance <c>review-requests-{orderId}</c>): the request
/// <see cref="ReviewRequestInput.FirstRequestAfter"/> after delivery, then a reminder at each of the two reminder
/// times after it. It stops at once on a <see cref="SequenceEvents.Stop"/> (a review was written, a return was
/// requested, the customer unsubscribed), and the send step checks the same conditions again before each email (a
/// stop that arrives while the step runs is seen there), so no email goes out after the stop.
/// </summary>
/// <remarks>
/// Replay rules: no clock but <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, no I/O, settings from the input.
/// </remarks>
public sealed class ReviewRequestOrchestrator : TaskOrchestrator<ReviewRequestInput, ReviewRequestEnd>
{
    public const string Name = nameof(ReviewRequestOrchestrator);

    /// <summary>The send step's activity.</summary>
    public const string SendActivity = "SendReviewRequest";

    public override async Task<ReviewRequestEnd> RunAsync(TaskOrchestrationContext context, ReviewRequestInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = StepRetries.Sequence;
        var firstAt = input.DeliveredAt.UtcDateTime + input.FirstRequestAfter;
        DateTime[] dueTimes = [firstAt, firstAt + input.FirstReminderAfter, firstAt + input.SecondReminderAfter];
        for (var number = 0; number < dueTimes.Length; number++)
        {
            context.SetCustomStatus(new { step = number == 0 ? "request" : $"reminder_{number}", until = dueTimes[number] });
            var wait = await SequenceWait.UntilAsync(context, dueTimes[number]);
            if (wait.Stopped)
            {
                return End(context, number, $"stopped: {wait.StopReason}");
            }

            var outcome = await context.CallActivityAsync<SequenceStepOutcome>(SendActivity, new ReviewRequestStep(input.OrderId, number, number == dueTimes.Length - 1), retry);
            if (outcome.IsStop)
            {
                return End(context, number, outcome.StoppedBecause);
            }
        }

        return End(context, dueTimes.Length, null);
    }

    private static ReviewRequestEnd End(TaskOrchestrationContext context, int sent, string? why)
    {
        context.SetCustomStatus(new { step = "ended", sent, stoppedBecause = why });
        return new ReviewRequestEnd(sent, why);
    }
}

using Microsoft.DurableTask;

namespace Shop.Orchestrations.Marketing;

/// <summary>
/// One cart's abandoned-cart reminders (instance <c>abandoned-cart-{cartId}</c>, started once, when the cart first has
/// an email and a line): a reminder once the cart has been left <see cref="AbandonedCartInput.InactiveFor"/>, a second
/// <see cref="AbandonedCartInput.SecondReminderAfter"/> later. A change of the cart in between moves the reminder on
/// (the send step answers when the cart will have been left long enough). It stops at once on a
/// <see cref="SequenceEvents.Stop"/> (checkout, emptied, unsubscribe), and the send step checks the cart and the
/// suppression list again before each email.
/// </summary>
/// <remarks>Replay rules: no clock but <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/>, no I/O, settings from the input.</remarks>
public sealed class AbandonedCartOrchestrator : TaskOrchestrator<AbandonedCartInput, AbandonedCartEnd>
{
    public const string Name = nameof(AbandonedCartOrchestrator);

    /// <summary>The send step's activity.</summary>
    public const string SendActivity = "SendCartReminder";

    /// <summary>How many times a reminder may be moved on by the shopper's changes before the sequence gives up (bounds the history).</summary>
    public const int MaxWaits = 50;

    public override async Task<AbandonedCartEnd> RunAsync(TaskOrchestrationContext context, AbandonedCartInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = StepRetries.Sequence;
        var number = 1;
        var notBefore = context.CurrentUtcDateTime + input.InactiveFor;
        var dueAt = notBefore;
        for (var wait = 0; wait < MaxWaits; wait++)
        {
            context.SetCustomStatus(new { step = $"reminder_{number}", until = dueAt });
            var waited = await SequenceWait.UntilAsync(context, dueAt);
            if (waited.Stopped)
            {
                return End(context, number - 1, $"stopped: {waited.StopReason}");
            }

            var step = new CartReminderStep(input.CartId, number, waited.SendNow ? null : new DateTimeOffset(notBefore, TimeSpan.Zero), input.InactiveFor);
            var outcome = await context.CallActivityAsync<SequenceStepOutcome>(SendActivity, step, retry);
            if (outcome.IsStop)
            {
                return End(context, number - 1, outcome.StoppedBecause);
            }

            if (!outcome.Sent)
            {
                // The cart changed meanwhile: wait until it has been left long enough.
                dueAt = outcome.DueAt!.Value.UtcDateTime;
                continue;
            }

            if (number == 2)
            {
                return End(context, 2, null);
            }

            number = 2;
            notBefore = context.CurrentUtcDateTime + input.SecondReminderAfter;
            dueAt = notBefore;
        }

        return End(context, number - 1, "the cart kept changing");
    }

    private static AbandonedCartEnd End(TaskOrchestrationContext context, int sent, string? why)
    {
        context.SetCustomStatus(new { step = "ended", sent, stoppedBecause = why });
        return new AbandonedCartEnd(sent, why);
    }
}

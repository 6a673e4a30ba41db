using Microsoft.DurableTask;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Returns;

/// <summary>
/// One return from request to its end: requested (the order notes it, review requests stop) → approved (at once by the
/// auto-approval rules, else ops decide, reminded, and the return is approved as requested at the timeout) → label
/// issued → the parcel (the carrier's webhook or ops; the customer is reminded, and the return expires if it never
/// comes) → received (the refund is due within the business days promised; ops are alerted before the deadline while
/// it is uninspected) → inspected (restock or write-off per line) → refunded → closed. Ops may instead reject it, or
/// settle it with a refund and no parcel (damaged goods) while no parcel has come. The custom status says where the
/// return is and what it waits for.
/// </summary>
/// <remarks>
/// Replay rules: this code runs again from the start on every episode. It never reads the clock
/// (<see cref="TaskOrchestrationContext.CurrentUtcDateTime"/> instead), creates GUIDs or does I/O; settings come from
/// the input, captured when the return was requested.
/// </remarks>
public sealed class ReturnOrchestrator : TaskOrchestrator<ReturnWorkflowInput, ReturnEnd>
{
    public const string Name = nameof(ReturnOrchestrator);

    /// <summary>Decisions that do not fit the return's step (a stale ops click) ignored before the workflow stops listening.</summary>
    public const int MaxIgnoredEvents = 20;

    public override async Task<ReturnEnd> RunAsync(TaskOrchestrationContext context, ReturnWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = StepRetries.Policy(input.MaxStepAttempts, input.FirstRetryInterval, input.RetryIntervalCap);
        try
        {
            return await RunReturnAsync(context, input, retry);
        }
        catch (TaskFailedException failure)
        {
            Status(context, "failed", "an operator: a step failed for good");
            await context.CallActivityAsync(ReturnActivities.AlertOps, new ReturnStep(input.ReturnId, $"The return's workflow failed at {failure.TaskName}: {failure.FailureDetails.ErrorMessage}"), retry);
            throw;
        }
    }

    private static async Task<ReturnEnd> RunReturnAsync(TaskOrchestrationContext context, ReturnWorkflowInput input, TaskOptions retry)
    {
        var id = input.ReturnId;

        // 1. Requested: recorded on the order; the review requests stop (best effort).
        Status(context, "requested", "the return to be recorded");
        await context.CallActivityAsync(ReturnActivities.Requested, new ReturnStep(id), retry);
        await context.CallActivityAsync(ReturnActivities.StopReviewRequests, input.OrderId, retry);

        // 2. Approval.
        var decision = input.AutoApprove ? new ReturnDecision(ReturnDecisionKind.Approve, "approved automatically") : await AwaitApprovalAsync(context, input, retry);
        var settled = false;
        switch (decision.Kind)
        {
            case ReturnDecisionKind.Reject:
                await context.CallActivityAsync(ReturnActivities.Reject, new ReturnStep(id, decision.Reason), retry);
                return Finish(context, ReturnEnd.Rejected);
            case ReturnDecisionKind.Settle:
                await context.CallActivityAsync(ReturnActivities.Settle, new ReturnStep(id, AmountMinor: decision.AmountMinor), retry);
                settled = true;
                break;
            default:
                await context.CallActivityAsync(ReturnActivities.Approve, new ReturnStep(id, decision.Reason), retry);
                break;
        }

        if (!settled)
        {
            // 3–4. The label, then the parcel: a reminder, then the return expires.
            await context.CallActivityAsync(ReturnActivities.IssueLabel, new ReturnStep(id), retry);
            var reminderAt = context.CurrentUtcDateTime + input.ParcelReminder;
            var expiresAt = context.CurrentUtcDateTime + input.ParcelTimeout;
            var reminded = false;
            ParcelReceived? parcel = null;
            for (var ignored = 0; parcel is null && !settled; ignored++)
            {
                Status(context, "awaiting_parcel", "the customer's parcel (the carrier's return webhook, or ops)", reminded ? expiresAt : Min(reminderAt, expiresAt));
                var (name, payload) = await WaitForAnyAsync(context, reminded ? expiresAt : Min(reminderAt, expiresAt), ReturnEvents.Received, ReturnEvents.Decision);
                if (name is null && !reminded && context.CurrentUtcDateTime < expiresAt)
                {
                    await context.CallActivityAsync(ReturnActivities.RemindParcel, new ReturnStep(id), retry);
                    reminded = true;
                }
                else if (name is null)
                {
                    await context.CallActivityAsync(ReturnActivities.Expire, new ReturnStep(id, $"the parcel did not reach us within {input.ParcelTimeout.TotalDays:0.#} days"), retry);
                    return Finish(context, ReturnEnd.Expired);
                }
                else if (payload is ParcelReceived received)
                {
                    parcel = received;
                }
                else if (payload is ReturnDecision { Kind: ReturnDecisionKind.Settle } settle)
                {
                    await context.CallActivityAsync(ReturnActivities.Settle, new ReturnStep(id, AmountMinor: settle.AmountMinor), retry);
                    settled = true;
                }
                else if (ignored >= MaxIgnoredEvents)
                {
                    throw new InvalidOperationException($"{MaxIgnoredEvents} decisions that do not fit a return awaiting its parcel.");
                }
            }

            if (parcel is not null)
            {
                // 5–6. Received: the refund is due by the deadline; ops inspect, alerted before it and at it.
                var dueBy = await context.CallActivityAsync<DateTimeOffset>(ReturnActivities.MarkReceived, new ReceiveStep(id, parcel), retry);
                var alertAt = dueBy.UtcDateTime - input.InspectionAlertLead;
                var alerted = false;
                var overdue = false;
                Inspection? inspection = null;
                for (var ignored = 0; inspection is null; ignored++)
                {
                    var next = !alerted ? Min(alertAt, dueBy.UtcDateTime) : !overdue ? dueBy.UtcDateTime : DateTime.MaxValue;
                    Status(context, "received", $"the warehouse's inspection (refund due by {dueBy:u})", next == DateTime.MaxValue ? null : next);
                    var (name, payload) = await WaitForAnyAsync(context, next, ReturnEvents.Inspected);
                    if (name is null && !alerted)
                    {
                        alerted = true;
                        await context.CallActivityAsync(ReturnActivities.AlertOps, new ReturnStep(id, $"Received and still uninspected: the refund is due by {dueBy:u}."), retry);
                    }
                    else if (name is null)
                    {
                        overdue = true;
                        await context.CallActivityAsync(ReturnActivities.AlertOps, new ReturnStep(id, $"The refund was due by {dueBy:u} and the return is still uninspected."), retry);
                    }
                    else if (payload is Inspection done)
                    {
                        inspection = done;
                    }
                    else if (ignored >= MaxIgnoredEvents)
                    {
                        throw new InvalidOperationException($"{MaxIgnoredEvents} events that do not fit a return awaiting inspection.");
                    }
                }

                await context.CallActivityAsync(ReturnActivities.Inspect, new InspectStep(id, inspection), retry);
            }
        }

        // 7–8. Refunded (the payment port, one idempotency key per return), the customer told, closed.
        Status(context, "refunding", "the refund");
        await context.CallActivityAsync(ReturnActivities.Refund, new ReturnStep(id), retry);
        await context.CallActivityAsync(ReturnActivities.Close, new ReturnStep(id), retry);
        return Finish(context, ReturnEnd.Refunded);
    }

    /// <summary>Ops' decision; ops are told at once and reminded; at the timeout the return is approved as requested.</summary>
    private static async Task<ReturnDecision> AwaitApprovalAsync(TaskOrchestrationContext context, ReturnWorkflowInput input, TaskOptions retry)
    {
        await context.CallActivityAsync(ReturnActivities.AlertOps, new ReturnStep(input.ReturnId, "A return awaits approval (approve, reject, or settle with a refund and no parcel)."), retry);
        var reminderAt = context.CurrentUtcDateTime + input.ApprovalReminder;
        var timeoutAt = context.CurrentUtcDateTime + input.ApprovalTimeout;
        var reminded = false;
        for (var ignored = 0; ; ignored++)
        {
            var next = reminded ? timeoutAt : Min(reminderAt, timeoutAt);
            Status(context, "awaiting_approval", "ops to approve, reject or settle the return", next);
            var (name, payload) = await WaitForAnyAsync(context, next, ReturnEvents.Decision);
            if (name is null && !reminded && context.CurrentUtcDateTime < timeoutAt)
            {
                reminded = true;
                await context.CallActivityAsync(ReturnActivities.AlertOps, new ReturnStep(input.ReturnId, "Reminder: a return still awaits approval."), retry);
            }
            else if (name is null)
            {
                return new ReturnDecision(ReturnDecisionKind.Approve, $"approved as requested: no decision within {input.ApprovalTimeout.TotalHours:0.#} hours");
            }
            else if (payload is ReturnDecision decision)
            {
                return decision;
            }
            else if (ignored >= MaxIgnoredEvents)
            {
                throw new InvalidOperationException($"{MaxIgnoredEvents} events that are no decision.");
            }
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static void Status(TaskOrchestrationContext context, string step, string waitingFor, DateTime? until = null) =>
        context.SetCustomStatus(new OrderWorkflowStatus(step, waitingFor, until));

    private static ReturnEnd Finish(TaskOrchestrationContext context, ReturnEnd end)
    {
        context.SetCustomStatus(new OrderWorkflowStatus("completed", "nothing: the return was " + end.ToString().ToLowerInvariant(), null));
        return end;
    }

    /// <summary>Waits for the first of several events or the deadline; cancels the rest. Returns (null, null) at the deadline.</summary>
    private static Task<(string? Name, object? Payload)> WaitForAnyAsync(TaskOrchestrationContext context, DateTime deadline, params string[] events) =>
        EventWaits.FirstAsync(context, deadline, events, (name, cancellationToken) => name switch
        {
            ReturnEvents.Decision => EventWaits.For<ReturnDecision>(context, name, cancellationToken),
            ReturnEvents.Received => EventWaits.For<ParcelReceived>(context, name, cancellationToken),
            ReturnEvents.Inspected => EventWaits.For<Inspection>(context, name, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(events), name, "Unknown return event."),
        });
}

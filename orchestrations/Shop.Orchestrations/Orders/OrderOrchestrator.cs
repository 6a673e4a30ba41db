using Microsoft.DurableTask;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// One order from placement to its end: validate and hold stock (at once) → authorize payment (waiting for 3-D Secure when
/// asked) → confirm → wait for shipment (delay notice at the SLA, cancel at the hard limit, re-authorize before the
/// capture-before deadline) → capture and ship → carrier tracking → delivered. Every step is an activity retried on
/// transient failures only; each compensation is registered before the step it undoes and compensations run last in,
/// first out on every failure path. The custom status always says where the order is and what it waits for.
/// </summary>
/// <remarks>
/// <para>
/// Versions: an order runs the workflow version it started on (<see cref="OrderWorkflowInput.WorkflowVersion"/>), for
/// weeks if it must, across deploys. A change that alters which steps run, or their order, for an order already past
/// that point adds a version: <see cref="CurrentVersion"/> goes up and the change runs only where
/// <c>input.WorkflowVersion</c> is at least the new one, the old path staying as it was for orders in flight. Version
/// 2: the warehouse's picking (cancel refused from then on), and the shipment recorded before the capture, with payment
/// recovery; version 1 captured first and knew no picking.
/// </para>
/// Replay rules: this code runs again from the start on every episode. It never reads the clock
/// (<see cref="TaskOrchestrationContext.CurrentUtcDateTime"/> instead), creates GUIDs or random numbers, or does I/O;
/// settings come from the input, captured when the order was placed.
/// </remarks>
public sealed class OrderOrchestrator : TaskOrchestrator<OrderWorkflowInput, OrderEnd>
{
    public const string Name = nameof(OrderOrchestrator);

    /// <summary>The version new orders start on (see the remarks for how a version is added).</summary>
    public const int CurrentVersion = 2;

    /// <summary>Payment events for other payments the workflow ignores while it waits for its own before it gives up.</summary>
    public const int MaxStrayPaymentEvents = 20;

    /// <summary>Carrier updates the workflow follows before it stops tracking and tells ops (a parcel sends a dozen or so).</summary>
    public const int MaxCarrierUpdates = 100;

    public override async Task<OrderEnd> RunAsync(TaskOrchestrationContext context, OrderWorkflowInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var retry = StepRetries.Policy(input.MaxStepAttempts, input.FirstRetryInterval, input.RetryIntervalCap);
        try
        {
            return await RunOrderAsync(context, input, retry);
        }
        catch (TaskFailedException failure)
        {
            // A step failed for good: the workflow fails, and ops hear of it whatever the order's status (shipped ones
            // included, whose money and stock need a person).
            Status(context, "failed", "an operator: a step failed for good");
            await context.CallActivityAsync(
                OrderActivities.AlertOps,
                new OrderStep(input.OrderId, Reason: $"The order's workflow failed at {failure.TaskName}: {failure.FailureDetails.ErrorMessage}"),
                retry);
            throw;
        }
    }

    private static async Task<OrderEnd> RunOrderAsync(TaskOrchestrationContext context, OrderWorkflowInput input, TaskOptions retry)
    {
        var id = input.OrderId;
        var compensations = new Compensations();
        string? paymentId = null;

        // 1–2. Validate, and hold stock for every line (all or nothing) at the same time: neither needs the other, and
        // the hold is released on every failure path below, a failed validation included. Payment waits for both.
        compensations.Add(() => context.CallActivityAsync(OrderActivities.ReleaseStock, id, retry));
        Status(context, "validating_and_holding_stock", "validation of the address, the lines, the prices and the fraud rules, and a hold on every line");
        var validating = context.CallActivityAsync<ValidationOutcome>(OrderActivities.Validate, new ValidateStep(id, input.ExpectedTotalMinor), retry);
        var holding = context.CallActivityAsync<HoldOutcome>(OrderActivities.HoldStock, id, retry);
        try
        {
            await Task.WhenAll(validating, holding);
        }
        catch (TaskFailedException)
        {
            // A step failed for good (after its retries): give back whatever the hold took before failing the order.
            await compensations.RunAsync();
            throw;
        }

        var (validation, hold) = (await validating, await holding);
        if (!validation.Valid || !hold.Held)
        {
            await compensations.RunAsync();
            var outOfStock = validation.Valid;
            await context.CallActivityAsync(OrderActivities.Reject, new RejectStep(id, outOfStock, outOfStock ? hold.Shortages : validation.Reasons), retry);
            return Finish(context, OrderEnd.Rejected);
        }

        // 3. Authorize the payment (voided on every failure path below).
        compensations.Add(() => context.CallActivityAsync(OrderActivities.Void, new OrderStep(id, paymentId), retry));
        Status(context, "authorizing_payment", "the payment authorization");
        var authorization = await context.CallActivityAsync<PaymentOutcome>(OrderActivities.Authorize, new AuthorizeStep(id, 1), retry);
        paymentId = authorization.PaymentId;
        var captureBefore = authorization.CaptureBefore;
        if (authorization.Kind == PaymentOutcomeKind.RequiresAction)
        {
            var deadline = context.CurrentUtcDateTime + input.PaymentActionTimeout;
            Status(context, "awaiting_payment_action", "the customer to complete the payment (3-D Secure)", deadline);
            var (name, payload) = await WaitForAnyAsync(context, deadline, OrderEvents.Payment, OrderEvents.Cancel);
            for (var stray = 0; stray < MaxStrayPaymentEvents && IsForAnotherPayment(name, payload, paymentId); stray++)
            {
                // An event about another payment (a stray, replayed or mismatched webhook) changes nothing: wait on.
                (name, payload) = await WaitForAnyAsync(context, deadline, OrderEvents.Payment, OrderEvents.Cancel);
            }

            switch (name)
            {
                case OrderEvents.Payment when IsForAnotherPayment(name, payload, paymentId):
                    await compensations.RunAsync();
                    await context.CallActivityAsync(OrderActivities.AlertOps, new OrderStep(id, paymentId, $"{MaxStrayPaymentEvents} payment events for other payments arrived while the order's payment waited for the customer."), retry);
                    await context.CallActivityAsync(OrderActivities.FailPayment, new OrderStep(id, paymentId, "The payment was not completed."), retry);
                    return Finish(context, OrderEnd.PaymentFailed);
                case OrderEvents.Payment when payload is PaymentSignal { Outcome: PaymentSignalOutcome.Succeeded } succeeded:
                    paymentId = succeeded.PaymentId;
                    captureBefore = succeeded.CaptureBefore ?? captureBefore;
                    break;
                case OrderEvents.Payment:
                    await compensations.RunAsync();
                    await context.CallActivityAsync(OrderActivities.FailPayment, new OrderStep(id, paymentId, (payload as PaymentSignal)?.Reason ?? "The payment was not completed."), retry);
                    return Finish(context, OrderEnd.PaymentFailed);
                case OrderEvents.Cancel:
                    await compensations.RunAsync();
                    await context.CallActivityAsync(OrderActivities.Cancel, new OrderStep(id, paymentId, (payload as CancelSignal)?.Reason ?? "Cancelled by the customer."), retry);
                    return Finish(context, OrderEnd.Cancelled);
                default:
                    await compensations.RunAsync();
                    await context.CallActivityAsync(OrderActivities.FailPayment, new OrderStep(id, paymentId, $"The payment was not completed within {input.PaymentActionTimeout.TotalMinutes:0} minutes."), retry);
                    return Finish(context, OrderEnd.PaymentFailed);
            }
        }
        else if (authorization.Kind != PaymentOutcomeKind.Authorized)
        {
            await compensations.RunAsync();
            await context.CallActivityAsync(OrderActivities.FailPayment, new OrderStep(id, paymentId, authorization.Reason), retry);
            return Finish(context, OrderEnd.PaymentFailed);
        }

        // 4. Confirm (records the pick list and tells the customer).
        await context.CallActivityAsync(OrderActivities.Confirm, new OrderStep(id, paymentId), retry);

        // 5. Fulfil: wait for the warehouse, with an SLA notice, a hard limit and the capture-before deadline. Once the
        // warehouse takes the pick list (picking), a cancellation is refused and the clock no longer cancels the order:
        // the goods are being packed. Events are taken one at a time, so whichever of cancel and picking (or shipment)
        // comes first decides, and the other is refused.
        var placedAt = context.CurrentUtcDateTime;
        var slaAt = placedAt + input.ShipmentSla;
        var hardLimitAt = placedAt + input.ShipmentHardLimit;
        var delayNoticeSent = false;
        var picking = false;
        var authorizations = 1;
        ShipmentSignal? shipment = null;
        while (shipment is null)
        {
            var reauthorizeAt = captureBefore is { } cb ? cb.UtcDateTime - input.CaptureSafetyMargin : DateTime.MaxValue;
            var limitAt = picking ? DateTime.MaxValue : hardLimitAt;
            var next = Min(delayNoticeSent ? limitAt : Min(slaAt, limitAt), reauthorizeAt);
            Status(
                context,
                picking ? "picking" : "awaiting_shipment",
                picking ? "the warehouse to ship the picked order" : "the warehouse to ship the order",
                next == DateTime.MaxValue ? null : next);
            var (name, payload) = input.WorkflowVersion >= 2
                ? await WaitForAnyAsync(context, next, OrderEvents.Shipped, OrderEvents.Cancel, OrderEvents.Picking)
                : await WaitForAnyAsync(context, next, OrderEvents.Shipped, OrderEvents.Cancel);
            if (name == OrderEvents.Shipped)
            {
                shipment = (ShipmentSignal)payload!;
            }
            else if (name == OrderEvents.Picking)
            {
                if (!picking)
                {
                    await context.CallActivityAsync(OrderActivities.StartPicking, id, retry);
                    picking = true;
                }
            }
            else if (name == OrderEvents.Cancel)
            {
                if (picking)
                {
                    // Refused: the warehouse took the order first (the caller sees the order picking).
                    continue;
                }

                await compensations.RunAsync();
                await context.CallActivityAsync(OrderActivities.Cancel, new OrderStep(id, paymentId, (payload as CancelSignal)?.Reason ?? "Cancelled by the customer."), retry);
                return Finish(context, OrderEnd.Cancelled);
            }
            else if (!picking && context.CurrentUtcDateTime >= hardLimitAt)
            {
                await compensations.RunAsync();
                await context.CallActivityAsync(OrderActivities.Cancel, new OrderStep(id, paymentId, $"The order could not be shipped within {input.ShipmentHardLimit.TotalDays:0} days."), retry);
                return Finish(context, OrderEnd.Cancelled);
            }
            else if (context.CurrentUtcDateTime >= reauthorizeAt)
            {
                // Never capture late: tell ops, then replace the authorization before it lapses.
                await context.CallActivityAsync(OrderActivities.AlertOps, new OrderStep(id, paymentId, "The payment authorization is about to expire before shipment; re-authorizing."), retry);
                await context.CallActivityAsync(OrderActivities.Void, new OrderStep(id, paymentId), retry);
                authorizations++;
                var renewed = await context.CallActivityAsync<PaymentOutcome>(OrderActivities.Authorize, new AuthorizeStep(id, authorizations, paymentId), retry);
                paymentId = renewed.PaymentId;
                captureBefore = renewed.CaptureBefore;
                if (renewed.Kind != PaymentOutcomeKind.Authorized)
                {
                    await compensations.RunAsync();
                    await context.CallActivityAsync(OrderActivities.Cancel, new OrderStep(id, paymentId, "The payment could not be authorized again before shipment."), retry);
                    return Finish(context, OrderEnd.Cancelled);
                }
            }
            else if (!delayNoticeSent && context.CurrentUtcDateTime >= slaAt)
            {
                await context.CallActivityAsync(OrderActivities.NotifyDelay, id, retry);
                delayNoticeSent = true;
            }
        }

        // 6. Shipped: the goods have left, whatever the payment does next. The order ships (and the customer is told),
        // the held stock is sold, then the payment is captured. No compensation past this point: a capture refused for
        // good (a lapsed authorization) is recovered on a new authorization, or handed to collections, and ops hear of it.
        Status(context, "shipping", "the shipment notice, the stock sale and the payment capture");
        CaptureOutcome? capture;
        if (input.WorkflowVersion >= 2)
        {
            await context.CallActivityAsync(OrderActivities.MarkShipped, new ShipStep(id, shipment.Carrier, shipment.TrackingNumber), retry);
            await context.CallActivityAsync(OrderActivities.ConvertStock, id, retry);
            capture = await context.CallActivityAsync<CaptureOutcome?>(OrderActivities.Capture, new OrderStep(id, paymentId), retry);
        }
        else
        {
            // Version 1: capture, sell, then ship (a capture completed by version 1's activity returned nothing: done).
            capture = await context.CallActivityAsync<CaptureOutcome?>(OrderActivities.Capture, new OrderStep(id, paymentId), retry);
            await context.CallActivityAsync(OrderActivities.ConvertStock, id, retry);
            await context.CallActivityAsync(OrderActivities.MarkShipped, new ShipStep(id, shipment.Carrier, shipment.TrackingNumber), retry);
        }

        if (capture is { Captured: false })
        {
            Status(context, "recovering_payment", "a new authorization of the shipped order's payment, and its capture");
            authorizations++;
            var renewed = await context.CallActivityAsync<PaymentOutcome>(OrderActivities.Authorize, new AuthorizeStep(id, authorizations, paymentId), retry);
            var recovered = renewed.Kind == PaymentOutcomeKind.Authorized
                && (await context.CallActivityAsync<CaptureOutcome>(OrderActivities.Capture, new OrderStep(id, renewed.PaymentId), retry)).Captured;
            await context.CallActivityAsync(OrderActivities.RecordPaymentRecovery, new PaymentRecoveryStep(id, recovered, recovered ? renewed.PaymentId : null), retry);
            await context.CallActivityAsync(
                OrderActivities.AlertOps,
                new OrderStep(id, paymentId, recovered
                    ? $"The capture failed after shipment ({capture.Reason}); a new authorization was captured instead."
                    : $"The capture failed after shipment ({capture.Reason}) and the payment could not be authorized again ({renewed.Reason ?? renewed.Kind.ToString()}): the amount is handed to collections."),
                retry);
            if (renewed.Kind == PaymentOutcomeKind.Authorized && !recovered)
            {
                await context.CallActivityAsync(OrderActivities.Void, new OrderStep(id, renewed.PaymentId), retry);
            }
        }

        // 7. Carrier tracking until delivered: a bounded number of updates keeps the history bounded.
        var deliveryDeadline = context.CurrentUtcDateTime + input.DeliveryTimeout;
        for (var update = 0; update < MaxCarrierUpdates; update++)
        {
            Status(context, "in_transit", "the carrier to report delivery", deliveryDeadline);
            var (name, payload) = await WaitForAnyAsync(context, deliveryDeadline, OrderEvents.Carrier);
            if (name is null)
            {
                await context.CallActivityAsync(OrderActivities.AlertOps, new OrderStep(id, paymentId, $"No delivery reported within {input.DeliveryTimeout.TotalDays:0} days of shipment."), retry);
                return Finish(context, OrderEnd.Shipped);
            }

            var delivered = await context.CallActivityAsync<bool>(OrderActivities.Track, new TrackStep(id, (CarrierSignal)payload!), retry);
            if (delivered)
            {
                return Finish(context, OrderEnd.Delivered);
            }
        }

        await context.CallActivityAsync(OrderActivities.AlertOps, new OrderStep(id, paymentId, $"{MaxCarrierUpdates} carrier updates without a delivery; tracking stopped."), retry);
        return Finish(context, OrderEnd.Shipped);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>A payment event whose payment is not the one the order authorized: it must change nothing.</summary>
    private static bool IsForAnotherPayment(string? name, object? payload, string? paymentId) =>
        name == OrderEvents.Payment && payload is PaymentSignal signal && !string.Equals(signal.PaymentId, paymentId, StringComparison.Ordinal);

    private static void Status(TaskOrchestrationContext context, string step, string waitingFor, DateTime? until = null) =>
        context.SetCustomStatus(new OrderWorkflowStatus(step, waitingFor, until));

    private static OrderEnd Finish(TaskOrchestrationContext context, OrderEnd end)
    {
        context.SetCustomStatus(new OrderWorkflowStatus("completed", "nothing: the order reached " + end, null));
        return end;
    }

    /// <summary>Waits for the first of several events or the deadline; cancels the rest. Returns (null, null) at the deadline.</summary>
    private static Task<(string? Name, object? Payload)> WaitForAnyAsync(TaskOrchestrationContext context, DateTime deadline, params string[] events) =>
        EventWaits.FirstAsync(context, deadline, events, (name, cancellationToken) => name switch
        {
            OrderEvents.Payment => EventWaits.For<PaymentSignal>(context, name, cancellationToken),
            OrderEvents.Picking => EventWaits.For<PickingSignal>(context, name, cancellationToken),
            OrderEvents.Shipped => EventWaits.For<ShipmentSignal>(context, name, cancellationToken),
            OrderEvents.Cancel => EventWaits.For<CancelSignal>(context, name, cancellationToken),
            OrderEvents.Carrier => EventWaits.For<CarrierSignal>(context, name, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(events), name, "Unknown order event."),
        });
}

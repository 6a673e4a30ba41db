using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Common;
using Shop.Domain.Email;
using Shop.Domain.Inventory;
using Shop.Domain.Orders;
using Shop.Domain.Payments;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Webhooks;
using Shop.Domain.Fulfillment;
using Shop.Infrastructure.Fulfillment;
using Shop.Infrastructure.Returns;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// The work of each order step, behind the activities. Every method is idempotent: it may run twice (activities are
/// at-least-once), so a transition already made is skipped, payments carry idempotency keys derived from the order,
/// and every email carries a key so a retry never sends it twice. Transient failures (payment network/429/5xx, storage)
/// propagate for the orchestration's retry policy; permanent ones become outcomes. Email is off the critical path: a
/// send that fails transiently is queued for later (<see cref="EmailDelivery"/>) and the step goes on.
/// </summary>
public sealed partial class OrderSteps(
    IOrderStore orders,
    IProductStore products,
    IStockStore stock,
    IPaymentGateway payments,
    EmailDelivery email,
    FulfillmentStore fulfillment,
    OrderSignals signals,
    Restock.ReorderJobs restock,
    IOptions<OrderRulesOptions> rules,
    IOptions<OrderWorkflowOptions> workflow,
    IOptions<EmailOptions> emailOptions,
    IOptions<CarrierOptions> carrierOptions,
    AuthorizationsInFlight authorizing,
    ReturnTokens returnTokens,
    Reviews.ReviewRequests reviewRequests,
    TimeProvider time,
    ILogger<OrderSteps> logger)
{
    public async Task<ValidationOutcome> ValidateAsync(string orderId, long? expectedTotalMinor, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        var foundTask = products.GetManyAsync(order.Lines.Select(l => l.Sku), cancellationToken);
        var recentTask = orders.RecordPlacementByEmailAsync(order.Email, order.Id, order.PlacedAt, TimeSpan.FromHours(1), cancellationToken);
        await Task.WhenAll(foundTask, recentTask, signals.PlacedAsync(order, cancellationToken));
        var prices = (await foundTask).Values.Where(p => p.Active).ToDictionary(p => p.Sku, p => p.Price, StringComparer.Ordinal);
        var recent = await recentTask;
        var failures = OrderValidator.Validate(order, prices, recent, rules.Value)
            .Select(f => f.Reason)
            .ToList();
        if (expectedTotalMinor is { } expected && expected != order.Totals.Total.MinorUnits)
        {
            failures.Add($"The total is now {order.Totals.Total.Format()}; you saw {Money.FromMinorUnits(expected, order.Totals.Total.Currency).Format()}. Prices changed since you viewed your cart.");
        }

        return new ValidationOutcome(failures.Count == 0, failures);
    }

    public async Task RejectAsync(RejectStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        if (order.Status == OrderStatus.Placed)
        {
            order.Reject(string.Join(" ", step.Reasons), time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }

        await SendAsync(order, new OrderRejectedEmail(order.Id, order.ShippingAddress.Name, step.OutOfStock ? OrderRejectionKind.OutOfStock : OrderRejectionKind.Validation, step.Reasons), "rejected", cancellationToken);
    }

    public async Task<HoldOutcome> HoldStockAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        var lines = order.Lines.GroupBy(l => l.Sku).Select(g => new StockHoldLine(g.Key, g.Sum(l => l.Quantity))).ToList();
        // The hold outlives every wait of the workflow; the sweep only reclaims holds whose order died.
        var expiresAt = time.GetUtcNow() + workflow.Value.ShipmentHardLimit + TimeSpan.FromDays(2);
        var result = await stock.TryHoldAsync(order.Id, lines, expiresAt, cancellationToken);
        if (result.Succeeded)
        {
            await restock.AlertSoldOutAsync(lines.Select(l => l.Sku), order.Id, cancellationToken);
            return new HoldOutcome(true, []);
        }

        var names = order.Lines.ToDictionary(l => l.Sku, l => l.Name, StringComparer.Ordinal);
        return new HoldOutcome(false, result.Shortages
            .Select(s => $"{names.GetValueOrDefault(s.Sku, s.Sku)} ({s.Sku}): {s.Requested} ordered, {Math.Max(s.Available, 0)} available.")
            .ToList());
    }

    public async Task ReleaseStockAsync(string orderId, CancellationToken cancellationToken = default)
    {
        try
        {
            await stock.ReleaseAsync(orderId, cancellationToken);
        }
        catch (StockRuleException ex)
        {
            // Converted already (the goods shipped): nothing to give back.
            Log.ReleaseRefused(logger, orderId, ex.Message);
        }
    }

    public async Task<PaymentOutcome> AuthorizeAsync(AuthorizeStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        try
        {
            AuthorizationResult result;
            using (authorizing.Begin(order.Id))
            {
                var key = $"{order.Id}:authorize:{step.Attempt}";
                result = step.PreviousPaymentId is { } previous
                    ? await payments.ReauthorizeAsync(order.Id, order.Totals.Total, order.PaymentMethod, previous, key, cancellationToken)
                    : await payments.AuthorizeAsync(order.Id, order.Totals.Total, order.PaymentMethod, key, cancellationToken);
            }

            return result switch
            {
                PaymentAuthorized a => await ConfirmAtOnceAsync(order, a, cancellationToken),
                PaymentRequiresAction r => await AwaitActionAsync(order, r, cancellationToken),
                PaymentDeclined d => new PaymentOutcome(PaymentOutcomeKind.Declined, d.PaymentId, null, d.Reason),
                _ => throw new InvalidOperationException($"Unknown authorization result {result}."),
            };
        }
        catch (PaymentPermanentException ex)
        {
            Log.PaymentRefused(logger, ex, order.Id);
            return new PaymentOutcome(PaymentOutcomeKind.Declined, null, null, "The payment could not be processed.");
        }
    }

    /// <summary>
    /// An authorization that succeeds at once confirms a placed order there and then (stock is held, payment is
    /// authorized: nothing else decides), so the customer sees Confirmed without waiting for the next step, which
    /// records the pick list and sends the confirmation. A re-authorization of a confirmed order changes nothing here.
    /// </summary>
    private async Task<PaymentOutcome> ConfirmAtOnceAsync(Order order, PaymentAuthorized authorized, CancellationToken cancellationToken)
    {
        await ConfirmIfPlacedAsync(order, authorized.PaymentId!, cancellationToken);
        return new PaymentOutcome(PaymentOutcomeKind.Authorized, authorized.PaymentId, authorized.CaptureBefore, null);
    }

    /// <summary>
    /// Notes on the order that the customer must complete the payment (3-D Secure). Only then does the payment event
    /// that ends the action reach the workflow (<see cref="Checkout.OrderPaymentEventSink"/>); the events of payments
    /// that ended at once are already in this step's result.
    /// </summary>
    private async Task<PaymentOutcome> AwaitActionAsync(Order order, PaymentRequiresAction action, CancellationToken cancellationToken)
    {
        if (order.Status == OrderStatus.Placed && order.PaymentAction is null && !order.Timeline.Any(e => e.Step == PaymentActionStep))
        {
            order.RequirePaymentAction(new PaymentAction(action.ClientSecret, action.NextActionType, action.RedirectUrl), time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }

        return new PaymentOutcome(PaymentOutcomeKind.RequiresAction, action.PaymentId, null, null);
    }

    public async Task VoidAsync(OrderStep step, CancellationToken cancellationToken = default)
    {
        if (step.PaymentId is null)
        {
            return;
        }

        try
        {
            await payments.VoidAsync(step.PaymentId, $"{step.OrderId}:void:{step.PaymentId}", cancellationToken);
        }
        catch (PaymentPermanentException ex)
        {
            // Already voided, never authorized, or expired: nothing left to release at the bank.
            Log.VoidRefused(logger, ex, step.OrderId);
        }
    }

    /// <summary>Captures the payment; a refusal for good (the authorization lapsed, was voided) is an outcome, not a failure.</summary>
    public async Task<CaptureOutcome> CaptureAsync(OrderStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step.PaymentId);
        try
        {
            await payments.CaptureAsync(step.PaymentId, null, $"{step.OrderId}:capture:{step.PaymentId}", cancellationToken);
            return new CaptureOutcome(true, null);
        }
        catch (PaymentPermanentException ex)
        {
            Log.CaptureRefused(logger, ex, step.OrderId);
            return new CaptureOutcome(false, ex.Message);
        }
    }

    /// <summary>Records on a shipped order how the money of its failed capture is recovered.</summary>
    public async Task RecordPaymentRecoveryAsync(PaymentRecoveryStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        var recovery = step.Recovered ? PaymentRecovery.Reauthorized : PaymentRecovery.Collections;
        if (order.PaymentRecovery != recovery)
        {
            order.RecordPaymentRecovery(recovery, step.PaymentId);
            await orders.SaveAsync(order, cancellationToken);
        }
    }

    public async Task FailPaymentAsync(OrderStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        var reason = step.Reason ?? "The payment was declined.";
        if (order.Status == OrderStatus.Placed)
        {
            order.FailPayment(reason, time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }

        await signals.PaymentFailedAsync(order, cancellationToken);

        await SendAsync(order, new PaymentFailedEmail(order.Id, order.ShippingAddress.Name, order.Totals.Total, reason, null), "payment-failed", cancellationToken);
    }

    public async Task ConfirmAsync(OrderStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step.PaymentId);
        var order = await LoadAsync(step.OrderId, cancellationToken);
        await ConfirmIfPlacedAsync(order, step.PaymentId, cancellationToken);

        await Task.WhenAll(
            fulfillment.AddIfAbsentAsync(
                new PickList(order.Id, PickListStatus.Pending, time.GetUtcNow(), FormatAddress(order.ShippingAddress), order.Lines.Select(l => new PickListLine(l.Sku, l.Name, l.Quantity)).ToList(), null, null),
                cancellationToken),
            signals.ConfirmedAsync(order, cancellationToken));

        await SendAsync(
            order,
            new OrderConfirmedEmail(order.Id, order.ShippingAddress.Name, EmailLines(order), order.Totals.Subtotal, order.Totals.Shipping, order.Totals.Tax, order.Totals.Total, FormatAddress(order.ShippingAddress), StatusUrl(order.Id)),
            "confirmed",
            cancellationToken);
    }

    /// <summary>Confirms a placed order (paid for, stock held); an order past placement is left as it is (a retried step).</summary>
    /// <summary>Confirms a placed order on <paramref name="paymentId"/>; a confirmed order re-authorized before shipment records its new payment.</summary>
    private async Task ConfirmIfPlacedAsync(Order order, string paymentId, CancellationToken cancellationToken)
    {
        if (order.Status == OrderStatus.Placed)
        {
            order.Confirm(paymentId, time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }
        else if ((order.Status is OrderStatus.Confirmed or OrderStatus.Picking) && order.PaymentId != paymentId)
        {
            order.ReplacePayment(paymentId);
            await orders.SaveAsync(order, cancellationToken);
        }
    }

    /// <summary>The warehouse took the pick list: the order is picking (no longer cancellable), and so is its pick list.</summary>
    public async Task StartPickingAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        if (order.Status == OrderStatus.Confirmed)
        {
            order.StartPicking(time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }

        if (await fulfillment.GetAsync(order.Id, cancellationToken) is { Status: PickListStatus.Pending } pick)
        {
            await fulfillment.SaveAsync(pick with { Status = PickListStatus.Picking }, cancellationToken);
        }
    }

    public async Task NotifyDelayAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(orderId, cancellationToken);
        if (!order.Timeline.Any(e => e.Step == "shipment_delayed"))
        {
            order.Note("shipment_delayed", time.GetUtcNow(), "Not shipped within the shipping SLA.");
            await orders.SaveAsync(order, cancellationToken);
        }

        await SendAsync(order, new ShipmentDelayedEmail(order.Id, order.ShippingAddress.Name, "Your order is taking longer than usual to leave our warehouse.", null, StatusUrl(order.Id)), "delayed", cancellationToken);
        await AlertOpsAsync(new OrderStep(orderId, Reason: "Not shipped within the shipping SLA."), cancellationToken);
    }

    public async Task AlertOpsAsync(OrderStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        var model = new StuckOrderAlertEmail(order.Id, order.Status.ToString(), order.Timeline[^1].At, step.Reason, new Uri(workflow.Value.PublicBaseUrl, $"api/admin/orders/{order.Id}"));
        var key = $"{order.Id}:ops:{Slug(step.Reason)}";
        await email.SendAsync(new EmailRecipient(emailOptions.Value.OpsAddress), model, key, cancellationToken);
    }

    public async Task CancelAsync(OrderStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        var reason = step.Reason ?? "Cancelled.";
        if (order.CanCancel)
        {
            order.Cancel(reason, time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }

        if (await fulfillment.GetAsync(order.Id, cancellationToken) is { Status: PickListStatus.Pending } pick)
        {
            await fulfillment.SaveAsync(pick with { Status = PickListStatus.Cancelled }, cancellationToken);
        }

        if (order.Status == OrderStatus.Cancelled)
        {
            await signals.CancelledAsync(order, cancellationToken);
        }

        await SendAsync(order, new OrderCancelledEmail(order.Id, order.ShippingAddress.Name, reason, order.Totals.Total), "cancelled", cancellationToken);
    }

    public async Task ConvertStockAsync(string orderId, CancellationToken cancellationToken = default) =>
        await stock.ConvertAsync(orderId, cancellationToken);

    public async Task MarkShippedAsync(ShipStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        if (order.Status is OrderStatus.Confirmed or OrderStatus.Picking)
        {
            order.Ship(step.Carrier, step.TrackingNumber, time.GetUtcNow());
            await orders.SaveAsync(order, cancellationToken);
        }

        if (await fulfillment.GetAsync(order.Id, cancellationToken) is { } pick && pick.Status != PickListStatus.Shipped)
        {
            await fulfillment.SaveAsync(pick with { Status = PickListStatus.Shipped, Carrier = step.Carrier, TrackingNumber = step.TrackingNumber }, cancellationToken);
        }

        await signals.ShippedAsync(order, cancellationToken);

        await SendAsync(
            order,
            new ShippedEmail(order.Id, order.ShippingAddress.Name, step.Carrier, step.TrackingNumber, TrackingUrl(step.Carrier, step.TrackingNumber), null, EmailLines(order), order.Totals.Total),
            "shipped",
            cancellationToken);
    }

    /// <summary>Applies a carrier update; returns true when the order is delivered.</summary>
    public async Task<bool> TrackAsync(TrackStep step, CancellationToken cancellationToken = default)
    {
        var order = await LoadAsync(step.OrderId, cancellationToken);
        var update = step.Update;
        var carrier = order.Carrier ?? "carrier";
        var tracking = order.TrackingNumber ?? string.Empty;
        switch (update.Status)
        {
            case CarrierStatus.OutForDelivery:
                if (order.Status == OrderStatus.Shipped)
                {
                    order.MarkOutForDelivery(update.OccurredAt);
                    await orders.SaveAsync(order, cancellationToken);
                }

                await SendAsync(order, new OutForDeliveryEmail(order.Id, order.ShippingAddress.Name, carrier, tracking, TrackingUrl(carrier, tracking)), "out-for-delivery", cancellationToken);
                return false;
            case CarrierStatus.Delivered:
                if (order.Status is OrderStatus.Shipped or OrderStatus.OutForDelivery)
                {
                    order.Deliver(update.OccurredAt);
                    await orders.SaveAsync(order, cancellationToken);
                }

                await signals.DeliveredAsync(order, update.OccurredAt, cancellationToken);

                await SendAsync(order, new DeliveredEmail(order.Id, order.ShippingAddress.Name, carrier, update.OccurredAt, ReturnsUrl(order.Id)), "delivered", cancellationToken);

                // The review requests start counting from now (when the shop learnt of the delivery); started once.
                await reviewRequests.StartAsync(order.Id, time.GetUtcNow(), cancellationToken);
                return true;
            default:
                // delayed / exception: tell the customer, and ops for an exception.
                var step2 = update.Status == CarrierStatus.Exception ? "delivery_exception" : "delivery_delayed";
                if (!order.Timeline.Any(e => e.Step == step2 && e.Detail == update.EventId))
                {
                    order.Note(step2, update.OccurredAt, update.EventId);
                    await orders.SaveAsync(order, cancellationToken);
                }

                await SendAsync(order, new ShipmentDelayedEmail(order.Id, order.ShippingAddress.Name, update.Detail ?? "The carrier reports a delay.", null, StatusUrl(order.Id)), $"carrier-{Slug(update.EventId)}", cancellationToken);
                if (update.Status == CarrierStatus.Exception)
                {
                    await AlertOpsAsync(new OrderStep(order.Id, Reason: $"Carrier exception: {update.Detail}"), cancellationToken);
                }

                return false;
        }
    }

    /// <summary>The timeline step of an order whose payment waits for the customer.</summary>
    public const string PaymentActionStep = "payment_action_required";

    /// <summary>
    /// The order, as its workflow last saw it. One not stored (yet) is a transient failure, retried by the step's
    /// policy: the checkout stores the order while it starts the workflow, so a process that died between the two
    /// leaves a workflow whose order comes with the checkout's retry.
    /// </summary>
    private async Task<Order> LoadAsync(string orderId, CancellationToken cancellationToken) =>
        await orders.GetLatestAsync(orderId, cancellationToken) ?? throw new TimeoutException($"Order {orderId} is not stored (yet).");

    /// <summary>Sends now, or queues the email for later: an email provider outage never holds an order up.</summary>
    private Task SendAsync(Order order, EmailModel model, string what, CancellationToken cancellationToken) =>
        email.SendAsync(new EmailRecipient(order.Email, order.ShippingAddress.Name), model, $"{order.Id}:{what}", cancellationToken);

    /// <summary>The order's returns page (<c>GET /api/orders/{id}/returns</c>) with the signed return token that authorizes a return.</summary>
    private Uri ReturnsUrl(string orderId) => new(
        workflow.Value.PublicBaseUrl,
        returnTokens.CanIssue ? $"api/orders/{orderId}/returns?token={Uri.EscapeDataString(returnTokens.Issue(orderId))}" : $"api/orders/{orderId}/returns");

    private Uri StatusUrl(string orderId) => new(workflow.Value.PublicBaseUrl, $"api/orders/{orderId}");

    private Uri TrackingUrl(string carrier, string trackingNumber) => new(carrierOptions.Value.TrackingUrlTemplate
        .Replace("{carrier}", Uri.EscapeDataString(carrier), StringComparison.Ordinal)
        .Replace("{trackingNumber}", Uri.EscapeDataString(trackingNumber), StringComparison.Ordinal));

    private static List<EmailOrderLine> EmailLines(Order order) =>
        order.Lines.Select(l => new EmailOrderLine(l.Sku, l.Name, l.Quantity, l.UnitPrice)).ToList();

    private static string FormatAddress(ShippingAddress a) =>
        string.Join(", ", new[] { a.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string Slug(string? text) => text is null
        ? "alert"
        : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Order {OrderId}: stock release refused ({Reason})")]
        public static partial void ReleaseRefused(ILogger logger, string orderId, string reason);

        [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Order {OrderId}: the payment provider refused the authorization permanently")]
        public static partial void PaymentRefused(ILogger logger, Exception exception, string orderId);

        [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Order {OrderId}: void refused")]
        public static partial void VoidRefused(ILogger logger, Exception exception, string orderId);

        [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Order {OrderId}: the capture was refused for good")]
        public static partial void CaptureRefused(ILogger logger, Exception exception, string orderId);
    }
}

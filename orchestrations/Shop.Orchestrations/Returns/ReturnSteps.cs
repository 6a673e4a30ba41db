using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Email;
using Shop.Domain.Inventory;
using Shop.Domain.Orders;
using Shop.Domain.Payments;
using Shop.Domain.Returns;
using Shop.Durable;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Returns;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Returns;

/// <summary>
/// The work of each return step, behind the activities. Every method is idempotent (activities are at-least-once): a
/// move already made is skipped, the refund carries the return's idempotency key, a restock its line's, and every email
/// a key of its own. Each move is noted on the order's timeline too (<c>return_{step}</c>, the return id as detail), so
/// the order's view and its ETag change with its returns. Transient failures propagate for the workflow's retry policy.
/// </summary>
public sealed partial class ReturnSteps(
    ReturnStore returns,
    IOrderStore orders,
    IStockStore stock,
    IPaymentGateway payments,
    IReturnCarrier carrier,
    EmailDelivery email,
    OrderSignals signals,
    DurableClients clients,
    IOptions<ReturnsOptions> options,
    IOptions<OrderWorkflowOptions> workflow,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<ReturnSteps> logger)
{
    /// <summary>
    /// The moment a return is requested, recorded on the order and counted in the week's facts by product and reason
    /// (the weekly metrics' return rate).
    /// </summary>
    public async Task RequestedAsync(string returnId, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(returnId, cancellationToken);
        await NoteOnOrderAsync(request.OrderId, "return_requested", returnId, cancellationToken);
        await signals.ReturnRequestedAsync(request, cancellationToken);
    }

    /// <summary>Stops the order's review requests (raises <c>Stop</c> with "return"); nothing to do when there are none.</summary>
    public async Task StopReviewRequestsAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var client = clients.Current;
        var instanceId = Reviews.ReviewRequests.InstanceId(orderId);
        var instance = await client.GetInstanceAsync(instanceId, cancellationToken);
        if (instance is null || instance.RuntimeStatus is not (OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended))
        {
            return;
        }

        try
        {
            await client.RaiseEventAsync(instanceId, Marketing.SequenceEvents.Stop, "return", cancellationToken);
        }
        catch (Exception ex) when (ex.GetType().Name is "OrchestrationNotFoundException" or "OrchestrationStateException")
        {
            // Ended meanwhile: nothing left to stop.
            Log.ReviewsGone(logger, orderId);
        }
    }

    public Task ApproveAsync(ReturnStep step, CancellationToken cancellationToken = default) =>
        MoveAsync(step.ReturnId, r => r.Status == ReturnStatus.Requested, r => r.Approve(time.GetUtcNow(), step.Reason), "return_approved", cancellationToken);

    public async Task RejectAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var reason = string.IsNullOrWhiteSpace(step.Reason) ? "the return does not meet our return policy." : step.Reason;
        var request = await MoveAsync(step.ReturnId, r => r.Status is ReturnStatus.Requested or ReturnStatus.Approved, r => r.Reject(reason, time.GetUtcNow()), "return_rejected", cancellationToken);
        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        await SendAsync(order, new ReturnRejectedEmail(order.Id, order.ShippingAddress.Name, request.Id, request.ClosingReason ?? reason), $"{request.Id}:rejected", cancellationToken);
    }

    /// <summary>Ops settled the return with a refund and no parcel: the customer is told no parcel is needed.</summary>
    public async Task SettleAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var amount = step.AmountMinor ?? throw new ArgumentException("A settlement needs an amount.", nameof(step));
        var request = await MoveAsync(
            step.ReturnId,
            r => !r.SettledWithoutParcel,
            r => r.Settle(Money.FromMinorUnits(amount, r.ExpectedRefund.Currency), time.GetUtcNow()),
            "return_settled",
            cancellationToken);
        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        await SendAsync(order, new ReturnRequestedEmail(order.Id, order.ShippingAddress.Name, request.Id, EmailLines(request), Reason(request), request.RefundAmount, null, null, false), $"{request.Id}:settled", cancellationToken);
    }

    /// <summary>The carrier's label, and the email that carries it.</summary>
    public async Task IssueLabelAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(step.ReturnId, cancellationToken);
        if (request.Status == ReturnStatus.Approved)
        {
            var label = await carrier.CreateLabelAsync(request, cancellationToken);
            request = await MoveAsync(step.ReturnId, r => r.Status == ReturnStatus.Approved, r => r.IssueLabel(label, time.GetUtcNow()), "return_label_issued", cancellationToken);
        }

        await SendLabelAsync(request, reminder: false, cancellationToken);
    }

    public async Task RemindParcelAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var request = await MoveAsync(step.ReturnId, r => r.Timeline.All(e => e.Step != "parcel_reminder"), r => r.Note("parcel_reminder", time.GetUtcNow()), null, cancellationToken);
        await SendLabelAsync(request, reminder: true, cancellationToken);
    }

    public async Task ExpireAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var reason = step.Reason ?? "the parcel did not reach us in time";
        var request = await MoveAsync(step.ReturnId, r => r.Status is ReturnStatus.AwaitingParcel or ReturnStatus.Approved, r => r.Expire(reason, time.GetUtcNow()), "return_expired", cancellationToken);
        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        await SendAsync(order, new ReturnRejectedEmail(order.Id, order.ShippingAddress.Name, request.Id, request.ClosingReason ?? reason), $"{request.Id}:expired", cancellationToken);
    }

    /// <summary>The parcel arrived: the refund is due by the end of the promised business days; returns that deadline.</summary>
    public async Task<DateTimeOffset> MarkReceivedAsync(ReceiveStep step, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var at = step.Parcel.At > time.GetUtcNow() ? time.GetUtcNow() : step.Parcel.At;
        var request = await MoveAsync(
            step.ReturnId,
            r => r.Status is ReturnStatus.AwaitingParcel or ReturnStatus.Approved,
            r => r.Receive(at, settings.Calendar().EndOfBusinessDaysAfter(at, settings.RefundBusinessDays), step.Parcel.Source),
            "return_received",
            cancellationToken);
        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        await SendAsync(order, new ReturnReceivedEmail(order.Id, order.ShippingAddress.Name, request.Id, EmailLines(request), request.RefundAmount, settings.RefundBusinessDays), $"{request.Id}:received", cancellationToken);
        return request.RefundDueBy ?? throw new InvalidOperationException($"Return {request.Id} is {request.Status} without a refund deadline.");
    }

    /// <summary>The inspection: recorded, then each restocked line back on hand (once per return and SKU); written-off lines change no stock.</summary>
    public async Task InspectAsync(InspectStep step, CancellationToken cancellationToken = default)
    {
        var request = await MoveAsync(
            step.ReturnId,
            r => r.Status == ReturnStatus.Received,
            r => r.Inspect(step.Inspection.Lines, step.Inspection.AmountMinor is { } minor ? Money.FromMinorUnits(minor, r.ExpectedRefund.Currency) : null, time.GetUtcNow()),
            "return_inspected",
            cancellationToken);
        foreach (var line in request.Lines.Where(l => l.Disposition == LineDisposition.Restock))
        {
            await stock.RestockAsync(line.Sku, line.Quantity, $"{request.Id}:{line.Sku}", cancellationToken);
        }
    }

    /// <summary>
    /// The moment a return is refunded: the refund on the order's captured payment, with the return's own idempotency
    /// key (a retried step is answered with the same refund, never a second one). One step for it, so a refund counter
    /// (the weekly metrics) can be added here.
    /// </summary>
    public async Task RefundAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(step.ReturnId, cancellationToken);
        if (request.Refund is not null)
        {
            return;
        }

        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        var paymentId = order.PaymentId ?? throw new InvalidOperationException($"Order {order.Id} has no payment to refund.");
        var refund = await payments.RefundAsync(paymentId, request.RefundAmount, RefundReason.RequestedByCustomer, $"{request.Id}:refund", cancellationToken);
        Log.Refunded(logger, request.Id, refund.RefundId, refund.Amount.MinorUnits);
        await MoveAsync(request.Id, r => r.Refund is null, r => r.RecordRefund(new ReturnRefund(refund.RefundId, refund.Amount, time.GetUtcNow())), "return_refunded", cancellationToken);
    }

    /// <summary>Tells the customer the amount refunded, and closes the return.</summary>
    public async Task CloseAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(step.ReturnId, cancellationToken);
        var refund = request.Refund ?? throw new InvalidOperationException($"Return {request.Id} has no refund to tell of.");
        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        await SendAsync(order, new RefundIssuedEmail(order.Id, order.ShippingAddress.Name, refund.Amount, $"return {request.Id}", refund.RefundId), $"{request.Id}:refunded", cancellationToken);
        await signals.ReturnedAsync(order, request, refund.At, cancellationToken);
        await MoveAsync(request.Id, r => r.Status == ReturnStatus.Refunded, r => r.Close(time.GetUtcNow()), null, cancellationToken);
    }

    public async Task AlertOpsAsync(ReturnStep step, CancellationToken cancellationToken = default)
    {
        var request = await LoadAsync(step.ReturnId, cancellationToken);
        var reason = step.Reason ?? "The return needs attention.";
        var model = new OpsAlertEmail(
            $"Return {request.Id} ({ReturnStatuses.Name(request.Status)}): {reason}",
            $"Order {request.OrderId}, reason {Reason(request)}, {string.Join("; ", request.Lines.Select(l => $"{l.Quantity} x {l.Name} ({l.Sku})"))}, refund {request.RefundAmount.Format()}.",
            request.OrderId,
            new Uri(workflow.Value.PublicBaseUrl, $"api/admin/returns/{request.Id}"));
        await email.SendAsync(new EmailRecipient(emailOptions.Value.OpsAddress), model, $"{request.Id}:ops:{Hash(reason)}", cancellationToken);
    }

    private async Task SendLabelAsync(ReturnRequest request, bool reminder, CancellationToken cancellationToken)
    {
        var order = await LoadOrderAsync(request.OrderId, cancellationToken);
        await SendAsync(
            order,
            new ReturnRequestedEmail(order.Id, order.ShippingAddress.Name, request.Id, EmailLines(request), Reason(request), request.RefundAmount, request.Label?.Url, request.Label?.TrackingNumber, reminder),
            $"{request.Id}:{(reminder ? "reminder" : "label")}",
            cancellationToken);
    }

    /// <summary>
    /// Applies <paramref name="move"/> when <paramref name="applies"/> (else the move was made by an earlier run of the
    /// step) and notes <paramref name="orderStep"/> on the order either way (once). Returns the return as it now is.
    /// </summary>
    private async Task<ReturnRequest> MoveAsync(string returnId, Func<ReturnRequest, bool> applies, Action<ReturnRequest> move, string? orderStep, CancellationToken cancellationToken)
    {
        var orderId = OrderReturns.OrderIdOf(returnId) ?? throw new ArgumentException($"'{returnId}' is not a return id.", nameof(returnId));
        var updated = await returns.UpdateAsync(orderId, all =>
        {
            var request = all.Find(returnId) ?? throw new InvalidOperationException($"No return {returnId}.");
            if (!applies(request))
            {
                return false;
            }

            move(request);
            return true;
        }, cancellationToken);
        if (orderStep is not null)
        {
            await NoteOnOrderAsync(orderId, orderStep, returnId, cancellationToken);
        }

        return updated.Find(returnId)!;
    }

    /// <summary>Notes a return's step on the order's timeline once (its view and ETag follow its returns).</summary>
    private async Task NoteOnOrderAsync(string orderId, string step, string returnId, CancellationToken cancellationToken)
    {
        var order = await LoadOrderAsync(orderId, cancellationToken);
        if (!order.Timeline.Any(e => e.Step == step && e.Detail == returnId))
        {
            order.Note(step, time.GetUtcNow(), returnId);
            await orders.SaveAsync(order, cancellationToken);
        }
    }

    private async Task<ReturnRequest> LoadAsync(string returnId, CancellationToken cancellationToken) =>
        await returns.FindAsync(returnId, cancellationToken) ?? throw new InvalidOperationException($"No return {returnId}.");

    private async Task<Order> LoadOrderAsync(string orderId, CancellationToken cancellationToken) =>
        await orders.GetLatestAsync(orderId, cancellationToken) ?? throw new InvalidOperationException($"No order {orderId}.");

    private Task SendAsync(Order order, EmailModel model, string key, CancellationToken cancellationToken) =>
        email.SendAsync(new EmailRecipient(order.Email, order.ShippingAddress.Name), model, key, cancellationToken);

    private static List<EmailOrderLine> EmailLines(ReturnRequest request) =>
        request.Lines.Select(l => new EmailOrderLine(l.Sku, l.Name, l.Quantity, l.UnitPrice)).ToList();

    private static string Reason(ReturnRequest request) =>
        ReturnReasons.Name(request.Reason).Replace('_', ' ') + (request.ReasonText is { } text ? ": " + text : string.Empty);

    private static string Hash(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16];

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Order {OrderId}: its review requests had ended; nothing to stop")]
        public static partial void ReviewsGone(ILogger logger, string orderId);

        [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Return {ReturnId}: refunded {AmountMinor} ({RefundId})")]
        public static partial void Refunded(ILogger logger, string returnId, string refundId, long amountMinor);
    }
}

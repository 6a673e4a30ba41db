using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Disputes;
using Shop.Domain.Email;
using Shop.Domain.Orders;
using Shop.Infrastructure.Disputes;
using Shop.Infrastructure.Email;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Disputes;

/// <summary>
/// The work of each dispute step; each is idempotent (the dispute is saved as it now is, the order noted once, the
/// evidence submitted with the dispute's own idempotency key, every email keyed).
/// </summary>
public sealed class DisputeSteps(
    DisputeStore disputes,
    IDisputeGateway gateway,
    IOrderStore orders,
    EmailDelivery email,
    IOptions<OrderWorkflowOptions> workflow,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time)
{
    /// <summary>Records the dispute and its order (from the payment), notes it on the order, and alerts ops.</summary>
    public async Task RecordAsync(DisputeWorkflowInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var dispute = await disputes.GetAsync(input.DisputeId, cancellationToken);
        if (dispute is null)
        {
            var orderId = await gateway.FindOrderIdAsync(input.PaymentId, cancellationToken);
            dispute = new Dispute(input.DisputeId, input.PaymentId, orderId, Money.FromMinorUnits(input.AmountMinor, input.Currency), input.Reason, input.OpenedAt, input.EvidenceDueBy, DisputeStatus.Open);
            await disputes.SaveAsync(dispute, cancellationToken);
        }

        if (dispute.OrderId is { } id && await orders.GetLatestAsync(id, cancellationToken) is { } order && !order.Timeline.Any(e => e.Step == "dispute_opened" && e.Detail == dispute.DisputeId))
        {
            order.Note("dispute_opened", time.GetUtcNow(), dispute.DisputeId);
            await orders.SaveAsync(order, cancellationToken);
        }

        await AlertAsync(dispute, $"Dispute {dispute.DisputeId} opened: {dispute.Amount.Format()} ({dispute.Reason})", "opened", cancellationToken);
    }

    /// <summary>The evidence from the order: who, where, the shipment and its delivery, and the emails its steps sent; null without an order.</summary>
    public async Task<DisputeEvidence?> GatherEvidenceAsync(string disputeId, CancellationToken cancellationToken = default)
    {
        var dispute = await RequireAsync(disputeId, cancellationToken);
        if (dispute.OrderId is not { } orderId || await orders.GetAsync(orderId, cancellationToken) is not { } order)
        {
            return null;
        }

        var a = order.ShippingAddress;
        var address = string.Join(", ", new[] { a.Name, a.Line1, a.Line2, a.City, a.Region, a.PostalCode, a.Country }.Where(p => !string.IsNullOrWhiteSpace(p)));

        // Each of these steps of the order sent the customer its email (keyed, once), so the timeline is the list of emails.
        var emails = order.Timeline
            .Select(e => (e.At, Email: e.Step switch
            {
                "confirmed" => "order confirmation",
                "shipped" => "shipping notice with tracking",
                "out_for_delivery" => "out for delivery",
                "delivered" => "delivery confirmation",
                _ => null,
            }))
            .Where(e => e.Email is not null)
            .Select(e => $"{e.Email} ({e.At:u})")
            .ToList();
        return new DisputeEvidence(
            order.Id,
            a.Name,
            order.Email,
            address,
            string.Join("; ", order.Lines.Select(l => $"{l.Quantity} x {l.Name} ({l.Sku})")),
            order.Carrier,
            order.TrackingNumber,
            order.Timeline.LastOrDefault(e => e.Step == "shipped")?.At,
            order.Timeline.LastOrDefault(e => e.Step == "delivered")?.At,
            emails);
    }

    /// <summary>Submits the evidence (the dispute's own idempotency key) and records it on the dispute.</summary>
    public async Task SubmitEvidenceAsync(SubmitEvidenceStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var dispute = await RequireAsync(step.DisputeId, cancellationToken);
        if (dispute.EvidenceSubmittedAt is not null)
        {
            return;
        }

        await gateway.SubmitEvidenceAsync(dispute.DisputeId, step.Evidence, $"{dispute.DisputeId}:evidence", cancellationToken);
        await disputes.SaveAsync(dispute with { Evidence = step.Evidence, EvidenceSubmittedAt = time.GetUtcNow(), Status = DisputeStatus.EvidenceSubmitted }, cancellationToken);
    }

    /// <summary>Records the outcome (won, lost, ...) on the dispute and the order, and tells ops.</summary>
    public async Task RecordOutcomeAsync(DisputeStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var dispute = await RequireAsync(step.DisputeId, cancellationToken);
        if (dispute.ClosedAt is null)
        {
            dispute = dispute with { Status = step.Text, ClosedAt = time.GetUtcNow() };
            await disputes.SaveAsync(dispute, cancellationToken);
        }

        if (dispute.OrderId is { } id && await orders.GetLatestAsync(id, cancellationToken) is { } order && !order.Timeline.Any(e => e.Step == "dispute_closed" && e.Detail == dispute.DisputeId))
        {
            order.Note("dispute_closed", time.GetUtcNow(), dispute.DisputeId);
            await orders.SaveAsync(order, cancellationToken);
        }

        await AlertAsync(dispute, $"Dispute {dispute.DisputeId} closed: {dispute.Status}", "closed", cancellationToken);
    }

    public async Task AlertOpsAsync(DisputeStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var dispute = await RequireAsync(step.DisputeId, cancellationToken);
        await AlertAsync(dispute, $"Dispute {dispute.DisputeId}: {step.Text}", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(step.Text)))[..16], cancellationToken);
    }

    private Task AlertAsync(Dispute dispute, string title, string what, CancellationToken cancellationToken) =>
        email.SendAsync(
            new EmailRecipient(emailOptions.Value.OpsAddress),
            new OpsAlertEmail(title, $"Payment {dispute.PaymentId}, order {dispute.OrderId ?? "unknown"}, {dispute.Amount.Format()} ({dispute.Reason}), evidence due by {dispute.EvidenceDueBy?.ToString("u") ?? "unknown"}.", dispute.OrderId, new Uri(workflow.Value.PublicBaseUrl, $"api/admin/disputes/{dispute.DisputeId}")),
            $"{dispute.DisputeId}:ops:{what}",
            cancellationToken);

    private async Task<Dispute> RequireAsync(string disputeId, CancellationToken cancellationToken) =>
        await disputes.GetAsync(disputeId, cancellationToken) ?? throw new InvalidOperationException($"No dispute {disputeId}.");
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Orders;
using Shop.Domain.Returns;
using Shop.Durable;
using Shop.Infrastructure.Returns;
using Shop.Orchestrations.Orders;
using DtfxAlreadyExists = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Shop.Orchestrations.Returns;

/// <summary>
/// Returns as the HTTP API asks for them: a customer's request (checked against the order and its other returns, stored,
/// its workflow started) and ops' actions on one (checked against the return's state, then raised into its workflow,
/// whose decision is awaited a few seconds). The token that authorizes a request is checked by the caller.
/// </summary>
public sealed class ReturnService(
    ReturnStore returns,
    DurableClients clients,
    IOptions<ReturnsOptions> options,
    IOptions<OrderWorkflowOptions> workflow,
    TimeProvider time)
{
    /// <summary>How long an ops action waits for the workflow to act on it before answering 202.</summary>
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Opens a return (400 and 409 from the domain rules) and starts its workflow. A return stored by a request whose
    /// process died before the workflow started gets it started by the next request for the order.
    /// </summary>
    public async Task<ReturnRequest> RequestAsync(Order order, IReadOnlyList<ReturnLineRequest>? lines, string? reason, string? reasonText, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var window = options.Value.Window;
        var existing = await returns.GetAsync(order.Id, cancellationToken);
        foreach (var waiting in existing.Returns.Where(r => r.Status == ReturnStatus.Requested))
        {
            await StartAsync(waiting, cancellationToken);
        }

        ReturnRequest? created = null;
        await returns.UpdateAsync(order.Id, all =>
        {
            created = all.Request(order, lines, reason, reasonText, time.GetUtcNow(), window);
            return true;
        }, cancellationToken);
        await StartAsync(created!, cancellationToken);
        return created!;
    }

    /// <summary>Ops approve a requested return.</summary>
    public Task<(ReturnRequest Return, bool Decided)> ApproveAsync(string returnId, CancellationToken cancellationToken = default) =>
        ActAsync(returnId, r => r.Status == ReturnStatus.Requested, "approved", ReturnEvents.Decision, new ReturnDecision(ReturnDecisionKind.Approve, "approved by ops"), r => r.Status != ReturnStatus.Requested, cancellationToken);

    /// <summary>Ops reject a requested (or approved, not yet labelled) return.</summary>
    public Task<(ReturnRequest Return, bool Decided)> RejectAsync(string returnId, string reason, CancellationToken cancellationToken = default) =>
        ActAsync(returnId, r => r.Status == ReturnStatus.Requested, "rejected", ReturnEvents.Decision, new ReturnDecision(ReturnDecisionKind.Reject, reason), r => r.Status != ReturnStatus.Requested, cancellationToken);

    /// <summary>Ops settle with a refund of <paramref name="amount"/> (at most the expected refund) and no parcel; the refund follows.</summary>
    public async Task<(ReturnRequest Return, bool Decided)> SettleAsync(string returnId, decimal? amount, CancellationToken cancellationToken = default)
    {
        var request = await RequireAsync(returnId, cancellationToken);
        var money = amount is { } value ? new Money(value, request.ExpectedRefund.Currency) : request.ExpectedRefund;
        if (money.MinorUnits <= 0 || money > request.ExpectedRefund)
        {
            throw new FieldValidationException("amount", $"The refund must be more than 0 and at most {request.ExpectedRefund.Format()}.");
        }

        return await ActAsync(returnId, r => r.CanSettle, "settled without a parcel", ReturnEvents.Decision, new ReturnDecision(ReturnDecisionKind.Settle, null, money.MinorUnits), r => r.SettledWithoutParcel, cancellationToken);
    }

    /// <summary>The parcel arrived (ops, or the carrier's return webhook).</summary>
    public Task<(ReturnRequest Return, bool Decided)> ReceiveAsync(string returnId, string source, DateTimeOffset? at, CancellationToken cancellationToken = default) =>
        ActAsync(returnId, r => r.Status is ReturnStatus.AwaitingParcel && !r.SettledWithoutParcel, "received", ReturnEvents.Received, new ParcelReceived(source, at ?? time.GetUtcNow()), r => r.Status != ReturnStatus.AwaitingParcel, cancellationToken);

    /// <summary>The warehouse's inspection: a disposition for every line, and optionally a smaller refund.</summary>
    public async Task<(ReturnRequest Return, bool Decided)> InspectAsync(string returnId, IReadOnlyDictionary<string, LineDisposition> lines, decimal? amount, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var request = await RequireAsync(returnId, cancellationToken);
        var missing = request.Lines.Where(l => !lines.ContainsKey(l.Sku)).Select(l => l.Sku).ToList();
        var unknown = lines.Keys.Where(s => request.Lines.All(l => l.Sku != s)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
        {
            throw new FieldValidationException("lines", $"Give every returned line one disposition (restock or write_off).{(missing.Count > 0 ? " Missing: " + string.Join(", ", missing) + "." : string.Empty)}{(unknown.Count > 0 ? " Not in the return: " + string.Join(", ", unknown) + "." : string.Empty)}");
        }

        long? minor = null;
        if (amount is { } value)
        {
            var money = new Money(value, request.ExpectedRefund.Currency);
            if (money.MinorUnits <= 0 || money > request.ExpectedRefund)
            {
                throw new FieldValidationException("amount", $"The refund must be more than 0 and at most {request.ExpectedRefund.Format()}.");
            }

            minor = money.MinorUnits;
        }

        return await ActAsync(returnId, r => r.Status == ReturnStatus.Received, "inspected", ReturnEvents.Inspected, new Inspection(lines, minor), r => r.Status != ReturnStatus.Received, cancellationToken);
    }

    private async Task<(ReturnRequest Return, bool Decided)> ActAsync(
        string returnId, Func<ReturnRequest, bool> allowed, string what, string eventName, object payload, Func<ReturnRequest, bool> done, CancellationToken cancellationToken)
    {
        var request = await RequireAsync(returnId, cancellationToken);
        if (!allowed(request))
        {
            throw new ReturnRuleException($"Return {request.Id} is {ReturnStatuses.Name(request.Status)}{(request.SettledWithoutParcel ? " (settled without a parcel)" : string.Empty)} and cannot be {what}.");
        }

        var client = clients.Current;
        var instanceId = ReturnWorkflowInput.InstanceId(returnId);
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending })
        {
            throw new ReturnRuleException($"The workflow of return {returnId} is not running.");
        }

        await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        var deadline = time.GetUtcNow() + DecisionWait;
        while (time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            var now = await RequireAsync(returnId, cancellationToken);
            if (done(now))
            {
                return (now, true);
            }
        }

        return (await RequireAsync(returnId, cancellationToken), false);
    }

    private async Task<ReturnRequest> RequireAsync(string returnId, CancellationToken cancellationToken) =>
        await returns.FindAsync(returnId, cancellationToken) ?? throw new ReturnNotFoundException(returnId);

    private async Task StartAsync(ReturnRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var retry = workflow.Value;
        var autoApprove = settings.AutoApproved().Contains(request.Reason) && request.RefundAmount.Amount <= settings.AutoApproveMaxAmount;
        var input = new ReturnWorkflowInput(
            request.Id, request.OrderId, autoApprove,
            settings.ApprovalReminder, settings.ApprovalTimeout, settings.ParcelReminder, settings.ParcelTimeout, settings.InspectionAlertLead,
            retry.MaxStepAttempts, retry.FirstRetryInterval, retry.MaxRetryInterval);
        try
        {
            await clients.Current.ScheduleNewOrchestrationInstanceAsync(
                ReturnOrchestrator.Name,
                input,
                new StartOrchestrationOptions(ReturnWorkflowInput.InstanceId(request.Id)).WithDedupeStatuses(
                    OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended,
                    OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated),
                cancellationToken);
        }
        catch (Exception e) when (e is OrchestrationAlreadyExistsException or DtfxAlreadyExists)
        {
            // Started already: one workflow per return.
        }
    }
}

using System.Globalization;
using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Payments;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>
/// The embedded payment gateway, active when no Stripe key is set: Stripe's test payment methods
/// (<see cref="TestPaymentMethods"/>) behave as in Stripe test mode, idempotency keys behave as Stripe's, and every
/// payment and money movement is recorded in <see cref="SimulatedPaymentLedger"/> (Table storage).
/// Like Stripe, it sends the matching event for every state change (through <see cref="PaymentEventDispatcher"/>, the
/// path Stripe webhooks take); a customer action (3-D Secure) is completed with <see cref="CompleteActionAsync"/>.
/// </summary>
public sealed class SimulatedPaymentGateway : IPaymentGateway
{
    private const int MaxTransactionAttempts = 20;

    private readonly SimulatedPaymentLedger _ledger;
    private readonly IdempotencyGuard _idempotency;
    private readonly PaymentEventDispatcher _events;
    private readonly PaymentsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SimulatedPaymentGateway> _logger;

    public SimulatedPaymentGateway(
        SimulatedPaymentLedger ledger,
        PaymentEventDispatcher events,
        IOptions<PaymentsOptions> options,
        TimeProvider time,
        ILogger<SimulatedPaymentGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ledger = ledger;
        _events = events;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _idempotency = new IdempotencyGuard(ledger, _options, time);
    }

    /// <summary>The ledger, for queries.</summary>
    public SimulatedPaymentLedger Ledger => _ledger;

    public async Task<AuthorizationResult> AuthorizeAsync(string orderId, Money amount, string paymentMethod, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentMethod);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (amount.MinorUnits <= 0)
        {
            throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, "This value must be greater than or equal to 1 (amount).", "parameter_invalid_integer");
        }

        var behaviour = TestPaymentMethods.Behaviour(paymentMethod)
            ?? throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"No such PaymentMethod: '{paymentMethod}'", "resource_missing");
        var fingerprint = string.Join('|', "authorize", orderId, amount.MinorUnits.ToString(CultureInfo.InvariantCulture), amount.Currency, paymentMethod);
        PaymentEvent? raised = null;
        var outcome = await GuardAsync(() => _idempotency.RunAsync(idempotencyKey, "authorize", fingerprint, "pi_sim_", async (reservation, ct) =>
        {
            if (reservation.TransientFailures < behaviour.TransientFailures)
            {
                Log.SimulatedTransientFailure(_logger, reservation.TransientFailures + 1, behaviour.TransientFailures, idempotencyKey);
                throw new SimulatedTransientFailure($"Simulated provider outage {reservation.TransientFailures + 1} of {behaviour.TransientFailures} for this idempotency key (503).");
            }

            (var result, raised) = await CreatePaymentAsync(reservation, orderId, amount, paymentMethod, behaviour, ct);
            return StoredOutcome.From(result);
        }, cancellationToken, atOnce: reservation =>
        {
            if (behaviour.TransientFailures > 0)
            {
                return null;
            }

            // The payment, its authorization entry and the key's record in one transaction: one round trip, as Stripe's.
            var (payment, entry, created) = NewPayment(reservation, orderId, amount, paymentMethod, behaviour);
            return new AtomicWork(
                [new(TableTransactionActionType.Add, payment), new(TableTransactionActionType.Add, entry)],
                StoredOutcome.From(ResultOf(payment)),
                () => raised = created);
        }));

        var authorization = outcome.ToAuthorization();
        switch (authorization)
        {
            case PaymentAuthorized a:
                Log.Authorized(_logger, orderId, a.PaymentId!, a.Amount.MinorUnits, a.Amount.Currency);
                break;
            case PaymentRequiresAction r:
                Log.RequiresAction(_logger, orderId, r.PaymentId!);
                break;
            case PaymentDeclined d:
                Log.Declined(_logger, orderId, d.PaymentId, d.Code, d.DeclineCode);
                break;
        }

        await DeliverAsync(raised);
        return authorization;
    }

    /// <summary>Off-session: a card that needs the customer to authenticate is declined; any other authorizes as at checkout.</summary>
    public async Task<AuthorizationResult> ReauthorizeAsync(string orderId, Money amount, string paymentMethod, string previousPaymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(previousPaymentId);
        if (TestPaymentMethods.Behaviour(paymentMethod) is { Outcome: SimulatedCardOutcome.RequireAction })
        {
            Log.Declined(_logger, orderId, null, "authentication_required", "authentication_required");
            return new PaymentDeclined(null, "The card needs the customer to authenticate, which a payment made without them cannot ask.", "authentication_required", "authentication_required");
        }

        return await AuthorizeAsync(orderId, amount, paymentMethod, idempotencyKey, cancellationToken);
    }

    public async Task<CaptureResult> CaptureAsync(string paymentId, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var fingerprint = string.Join('|', "capture", paymentId, amount?.MinorUnits.ToString(CultureInfo.InvariantCulture) ?? "full", amount?.Currency ?? string.Empty);
        PaymentEvent? raised = null;
        var outcome = await GuardAsync(() => _idempotency.RunAsync(idempotencyKey, "capture", fingerprint, "ch_sim_", async (reservation, ct) =>
        {
            for (var attempt = 0; attempt < MaxTransactionAttempts; attempt++)
            {
                var payment = await RequirePaymentAsync(paymentId, ct);
                var row = LedgerEntity.RowFor(paymentId, PaymentLedgerEntryKind.Capture);
                if (payment.Status == SimulatedPaymentStatus.Succeeded && await _ledger.GetLedgerEntityAsync(paymentId, row, ct) is { } done && done.IdempotencyKey == reservation.Key)
                {
                    return new StoredOutcome("captured", paymentId, done.AmountMinor, done.Currency);
                }

                RequireStatus(payment, "capture", SimulatedPaymentStatus.RequiresCapture);
                var now = _time.GetUtcNow();
                if (payment.CaptureBefore is { } deadline && now > deadline)
                {
                    throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"The authorization of {paymentId} expired at {deadline:O} and can no longer be captured.", "charge_expired_for_capture");
                }

                var toCapture = amount is { } partial ? SameCurrency(partial, payment).MinorUnits : payment.AmountMinor;
                if (toCapture <= 0 || toCapture > payment.AmountMinor)
                {
                    throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"The amount to capture must be between 1 and the authorized {payment.AmountMinor} (got {toCapture}).", "amount_too_large");
                }

                payment.Status = SimulatedPaymentStatus.Succeeded;
                payment.AmountCapturedMinor = toCapture;
                var entry = Entry(payment, PaymentLedgerEntryKind.Capture, toCapture, "succeeded", reservation.Key, now, reservation.ResourceId);
                if (await _ledger.TrySubmitAsync([new(TableTransactionActionType.UpdateReplace, payment, payment.ETag), new(TableTransactionActionType.Add, entry)], ct))
                {
                    raised = new PaymentSucceeded(NewEventId(), paymentId, payment.OrderId, now, Money.FromMinorUnits(toCapture, payment.Currency));
                    return new StoredOutcome("captured", paymentId, toCapture, payment.Currency);
                }
            }

            throw Contended(paymentId);
        }, cancellationToken));

        Log.Captured(_logger, paymentId, outcome.AmountMinor, outcome.Currency!);
        await DeliverAsync(raised);
        return outcome.ToCapture();
    }

    public async Task<VoidResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        PaymentEvent? raised = null;
        await GuardAsync(() => _idempotency.RunAsync(idempotencyKey, "void", "void|" + paymentId, "void_sim_", async (reservation, ct) =>
        {
            for (var attempt = 0; attempt < MaxTransactionAttempts; attempt++)
            {
                var payment = await RequirePaymentAsync(paymentId, ct);
                var row = LedgerEntity.RowFor(paymentId, PaymentLedgerEntryKind.Void);
                if (payment.Status == SimulatedPaymentStatus.Canceled && await _ledger.GetLedgerEntityAsync(paymentId, row, ct) is { } done && done.IdempotencyKey == reservation.Key)
                {
                    return new StoredOutcome("voided", paymentId);
                }

                RequireStatus(payment, "cancel", SimulatedPaymentStatus.RequiresCapture, SimulatedPaymentStatus.RequiresAction, SimulatedPaymentStatus.RequiresPaymentMethod);
                var released = payment.Status == SimulatedPaymentStatus.RequiresCapture ? payment.AmountMinor : 0;
                var now = _time.GetUtcNow();
                payment.Status = SimulatedPaymentStatus.Canceled;
                var entry = Entry(payment, PaymentLedgerEntryKind.Void, released, "succeeded", reservation.Key, now, reference: null);
                if (await _ledger.TrySubmitAsync([new(TableTransactionActionType.UpdateReplace, payment, payment.ETag), new(TableTransactionActionType.Add, entry)], ct))
                {
                    raised = new PaymentCanceled(NewEventId(), paymentId, payment.OrderId, now, "requested_by_customer");
                    return new StoredOutcome("voided", paymentId);
                }
            }

            throw Contended(paymentId);
        }, cancellationToken));

        Log.Voided(_logger, paymentId);
        await DeliverAsync(raised);
        return new VoidResult(paymentId);
    }

    public async Task<RefundResult> RefundAsync(string paymentId, Money amount, RefundReason reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var fingerprint = string.Join('|', "refund", paymentId, amount.MinorUnits.ToString(CultureInfo.InvariantCulture), amount.Currency, reason.ToString());
        PaymentEvent? raised = null;
        var outcome = await GuardAsync(() => _idempotency.RunAsync(idempotencyKey, "refund", fingerprint, "re_sim_", async (reservation, ct) =>
        {
            var refundId = reservation.ResourceId;
            var row = LedgerEntity.RowFor(paymentId, PaymentLedgerEntryKind.Refund, refundId);
            for (var attempt = 0; attempt < MaxTransactionAttempts; attempt++)
            {
                var payment = await RequirePaymentAsync(paymentId, ct);
                if (await _ledger.GetLedgerEntityAsync(paymentId, row, ct) is { } done)
                {
                    return new StoredOutcome("refunded", paymentId, done.AmountMinor, done.Currency, RefundId: refundId, Status: "succeeded");
                }

                if (payment.Status != SimulatedPaymentStatus.Succeeded)
                {
                    throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"PaymentIntent {paymentId} does not have a successful charge to refund (status {payment.Status}).", "charge_not_refundable");
                }

                var minor = SameCurrency(amount, payment).MinorUnits;
                var unrefunded = payment.AmountCapturedMinor - payment.AmountRefundedMinor;
                if (minor <= 0 || minor > unrefunded)
                {
                    throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"Refund amount ({amount}) is greater than the unrefunded amount on the charge ({Money.FromMinorUnits(unrefunded, payment.Currency)}).", "amount_too_large");
                }

                var now = _time.GetUtcNow();
                payment.AmountRefundedMinor += minor;
                var entry = Entry(payment, PaymentLedgerEntryKind.Refund, minor, "succeeded", reservation.Key, now, refundId);
                if (await _ledger.TrySubmitAsync([new(TableTransactionActionType.UpdateReplace, payment, payment.ETag), new(TableTransactionActionType.Add, entry)], ct))
                {
                    raised = new ChargeRefunded(NewEventId(), paymentId, payment.OrderId, now, Money.FromMinorUnits(payment.AmountRefundedMinor, payment.Currency), Money.FromMinorUnits(payment.AmountCapturedMinor, payment.Currency));
                    return new StoredOutcome("refunded", paymentId, minor, payment.Currency, RefundId: refundId, Status: "succeeded");
                }
            }

            throw Contended(paymentId);
        }, cancellationToken));

        Log.Refunded(_logger, paymentId, outcome.RefundId!, outcome.AmountMinor, outcome.Currency!);
        await DeliverAsync(raised);
        return outcome.ToRefund();
    }

    /// <summary>
    /// Completes the customer's action (3-D Secure) on a payment that returned <see cref="PaymentRequiresAction"/>:
    /// on success it becomes authorized (capturable for <see cref="PaymentsOptions.CaptureWindow"/>) and an
    /// <see cref="AmountCapturableUpdated"/> event is raised; on failure a <see cref="PaymentFailed"/> event
    /// (<c>payment_intent_authentication_failure</c>). Calling it again with the same outcome delivers the same event
    /// again (same event id), as a webhook redelivery would. Sink failures propagate.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such payment.</exception>
    /// <exception cref="InvalidOperationException">No action is pending on the payment (or it ended the other way).</exception>
    public async Task<PaymentEvent> CompleteActionAsync(string paymentId, bool succeed = true, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        PaymentEvent? raised = null;
        for (var attempt = 0; attempt < MaxTransactionAttempts && raised is null; attempt++)
        {
            var payment = await GuardAsync(() => _ledger.GetPaymentEntityAsync(paymentId, cancellationToken))
                ?? throw new KeyNotFoundException($"No such payment: '{paymentId}'.");
            if (payment.Status != SimulatedPaymentStatus.RequiresAction)
            {
                if (payment.ActionEventId is null || payment.ActionSucceeded != succeed)
                {
                    throw new InvalidOperationException($"Payment {paymentId} is {payment.Status}; no customer action is pending.");
                }

                raised = ActionEvent(payment);
                break;
            }

            var now = _time.GetUtcNow();
            payment.Status = succeed ? SimulatedPaymentStatus.RequiresCapture : SimulatedPaymentStatus.RequiresPaymentMethod;
            payment.CaptureBefore = succeed ? now + _options.CaptureWindow : null;
            payment.ActionEventId = NewEventId();
            payment.ActionSucceeded = succeed;
            payment.ActionCompletedAt = now;
            var authorization = await GuardAsync(() => _ledger.GetLedgerEntityAsync(paymentId, LedgerEntity.RowFor(paymentId, PaymentLedgerEntryKind.Authorization), cancellationToken))
                ?? throw new InvalidOperationException($"Payment {paymentId} has no authorization entry.");
            authorization.Outcome = succeed ? "authorized" : "failed";
            authorization.At = now;
            if (await GuardAsync(() => _ledger.TrySubmitAsync(
                [new(TableTransactionActionType.UpdateReplace, payment, payment.ETag), new(TableTransactionActionType.UpdateReplace, authorization, authorization.ETag)],
                cancellationToken)))
            {
                raised = ActionEvent(payment);
            }
        }

        if (raised is null)
        {
            throw Contended(paymentId);
        }

        Log.ActionCompleted(_logger, paymentId, succeed ? "authorized" : "failed");
        await _events.DispatchAsync(raised, cancellationToken);
        return raised;
    }

    private async Task<(AuthorizationResult Result, PaymentEvent? Raised)> CreatePaymentAsync(
        IdempotencyReservation reservation, string orderId, Money amount, string paymentMethod, SimulatedCardBehaviour behaviour, CancellationToken cancellationToken)
    {
        var paymentId = reservation.ResourceId;
        if (!reservation.Fresh && await _ledger.GetPaymentEntityAsync(paymentId, cancellationToken) is { } created)
        {
            // A previous run of this reservation got as far as creating the payment: answer from it.
            return (ResultOf(created), null);
        }

        var (payment, entry, raised) = NewPayment(reservation, orderId, amount, paymentMethod, behaviour);
        if (!await _ledger.TrySubmitAsync([new(TableTransactionActionType.Add, payment), new(TableTransactionActionType.Add, entry)], cancellationToken))
        {
            // A takeover of the same reservation created it first: answer from theirs.
            var theirs = await _ledger.GetPaymentEntityAsync(paymentId, cancellationToken) ?? throw Contended(paymentId);
            return (ResultOf(theirs), null);
        }

        return (ResultOf(payment), raised);
    }

    /// <summary>A new payment of <paramref name="reservation"/>'s id, its authorization entry and the event it raises (not written).</summary>
    private (PaymentEntity Payment, LedgerEntity Entry, PaymentEvent? Raised) NewPayment(
        IdempotencyReservation reservation, string orderId, Money amount, string paymentMethod, SimulatedCardBehaviour behaviour)
    {
        var paymentId = reservation.ResourceId;
        var now = _time.GetUtcNow();
        var payment = new PaymentEntity
        {
            PartitionKey = paymentId,
            RowKey = PaymentEntity.RowFor(paymentId),
            OrderId = orderId,
            PaymentMethod = paymentMethod,
            AmountMinor = amount.MinorUnits,
            Currency = amount.Currency,
            CreatedAt = now,
        };
        string ledgerOutcome;
        PaymentEvent? raised;
        switch (behaviour.Outcome)
        {
            case SimulatedCardOutcome.Authorize:
                payment.Status = SimulatedPaymentStatus.RequiresCapture;
                payment.CaptureBefore = now + _options.CaptureWindow;
                ledgerOutcome = "authorized";
                raised = new AmountCapturableUpdated(NewEventId(), paymentId, orderId, now, amount, payment.CaptureBefore);
                break;
            case SimulatedCardOutcome.RequireAction:
                payment.Status = SimulatedPaymentStatus.RequiresAction;
                payment.ClientSecret = paymentId + "_secret_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                ledgerOutcome = "requires_action";
                raised = null;
                break;
            default:
                payment.Status = SimulatedPaymentStatus.RequiresPaymentMethod;
                payment.DeclineMessage = behaviour.Message;
                payment.DeclineCode = behaviour.Code;
                payment.DeclineReasonCode = behaviour.DeclineCode;
                ledgerOutcome = "declined";
                raised = new PaymentFailed(NewEventId(), paymentId, orderId, now, behaviour.Message!, behaviour.Code, behaviour.DeclineCode);
                break;
        }

        var entry = Entry(payment, PaymentLedgerEntryKind.Authorization, amount.MinorUnits, ledgerOutcome, reservation.Key, now, reference: null);
        return (payment, entry, raised);
    }

    private static AuthorizationResult ResultOf(PaymentEntity payment) => payment switch
    {
        { ClientSecret: { } secret } => new PaymentRequiresAction(payment.PartitionKey, secret, "use_stripe_sdk"),
        { DeclineCode: { } code } => new PaymentDeclined(payment.PartitionKey, payment.DeclineMessage!, code, payment.DeclineReasonCode!),
        _ => new PaymentAuthorized(payment.PartitionKey, Money.FromMinorUnits(payment.AmountMinor, payment.Currency), payment.CaptureBefore!.Value),
    };

    private static PaymentEvent ActionEvent(PaymentEntity payment) => payment.ActionSucceeded == true
        ? new AmountCapturableUpdated(payment.ActionEventId!, payment.PartitionKey, payment.OrderId, payment.ActionCompletedAt!.Value, Money.FromMinorUnits(payment.AmountMinor, payment.Currency), payment.CaptureBefore)
        : new PaymentFailed(payment.ActionEventId!, payment.PartitionKey, payment.OrderId, payment.ActionCompletedAt!.Value, "The provided payment method has failed authentication.", "payment_intent_authentication_failure", null);

    private static LedgerEntity Entry(PaymentEntity payment, PaymentLedgerEntryKind kind, long amountMinor, string outcome, string idempotencyKey, DateTimeOffset at, string? reference) => new()
    {
        PartitionKey = payment.PartitionKey,
        RowKey = LedgerEntity.RowFor(payment.PartitionKey, kind, kind == PaymentLedgerEntryKind.Refund ? reference : null),
        Kind = kind.ToString(),
        OrderId = payment.OrderId,
        AmountMinor = amountMinor,
        Currency = payment.Currency,
        Outcome = outcome,
        IdempotencyKey = idempotencyKey,
        At = at,
        Reference = reference,
    };

    private async Task<PaymentEntity> RequirePaymentAsync(string paymentId, CancellationToken cancellationToken) =>
        await _ledger.GetPaymentEntityAsync(paymentId, cancellationToken)
        ?? throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"No such payment_intent: '{paymentId}'", "resource_missing");

    private static void RequireStatus(PaymentEntity payment, string action, params string[] allowed)
    {
        if (!allowed.Contains(payment.Status))
        {
            throw new PaymentPermanentException(
                PaymentErrorKind.InvalidRequest,
                $"You cannot {action} this PaymentIntent because it has a status of {payment.Status}.",
                "payment_intent_unexpected_state");
        }
    }

    private static Money SameCurrency(Money amount, PaymentEntity payment) => amount.Currency == payment.Currency
        ? amount
        : throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"The amount is in {amount.Currency} but payment {payment.PartitionKey} is in {payment.Currency}.", "parameter_invalid");

    private static PaymentTransientException Contended(string paymentId) =>
        new(PaymentErrorKind.ProviderUnavailable, $"Payment {paymentId} is being changed by concurrent requests; try again.", "lock_timeout");

    private static string NewEventId() => "evt_sim_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Storage trouble is the simulated provider being unavailable: a transient failure.</summary>
    private static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (RequestFailedException ex)
        {
            throw new PaymentTransientException(PaymentErrorKind.ProviderUnavailable, $"The simulated gateway's storage failed: {ex.Message}", ex.ErrorCode, ex);
        }
    }

    /// <summary>Sends the event of a state change, as Stripe sends a webhook: after the fact, its failure never undoes the change.</summary>
    private async Task DeliverAsync(PaymentEvent? paymentEvent)
    {
        if (paymentEvent is null)
        {
            return;
        }

        try
        {
            await _events.DispatchAsync(paymentEvent, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.EventDeliveryFailed(_logger, ex, paymentEvent.EventId);
        }
    }
}

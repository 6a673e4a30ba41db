using Shop.Domain.Common;
using Shop.Domain.Payments;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>The first result of an idempotent call, as stored for replays (flat, so it round-trips as JSON).</summary>
internal sealed record StoredOutcome(
    string Outcome,
    string PaymentId,
    long AmountMinor = 0,
    string? Currency = null,
    DateTimeOffset? CaptureBefore = null,
    string? ClientSecret = null,
    string? NextAction = null,
    string? Reason = null,
    string? Code = null,
    string? DeclineCode = null,
    string? RefundId = null,
    string? Status = null)
{
    public static StoredOutcome From(AuthorizationResult result) => result switch
    {
        PaymentAuthorized a => new("authorized", a.PaymentId!, a.Amount.MinorUnits, a.Amount.Currency, CaptureBefore: a.CaptureBefore),
        PaymentRequiresAction r => new("requiresAction", r.PaymentId!, ClientSecret: r.ClientSecret, NextAction: r.NextActionType),
        PaymentDeclined d => new("declined", d.PaymentId ?? string.Empty, Reason: d.Reason, Code: d.Code, DeclineCode: d.DeclineCode),
        _ => throw new ArgumentOutOfRangeException(nameof(result)),
    };

    public AuthorizationResult ToAuthorization() => Outcome switch
    {
        "authorized" => new PaymentAuthorized(PaymentId, Money.FromMinorUnits(AmountMinor, Currency!), CaptureBefore!.Value),
        "requiresAction" => new PaymentRequiresAction(PaymentId, ClientSecret!, NextAction!),
        "declined" => new PaymentDeclined(PaymentId, Reason!, Code!, DeclineCode!),
        _ => throw new InvalidOperationException($"A stored '{Outcome}' outcome is not an authorization."),
    };

    public CaptureResult ToCapture() => new(PaymentId, Money.FromMinorUnits(AmountMinor, Currency!));

    public VoidResult ToVoid() => new(PaymentId);

    public RefundResult ToRefund() => new(RefundId!, PaymentId, Money.FromMinorUnits(AmountMinor, Currency!), Status!);
}

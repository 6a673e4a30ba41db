using Shop.Domain.Common;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>
/// One money movement of the simulated gateway. Each payment has at most one <see cref="PaymentLedgerEntryKind.Authorization"/>,
/// one <see cref="PaymentLedgerEntryKind.Capture"/> and one <see cref="PaymentLedgerEntryKind.Void"/> entry, and one
/// <see cref="PaymentLedgerEntryKind.Refund"/> entry per refund. <see cref="Outcome"/>: for authorizations
/// <c>authorized</c>, <c>requires_action</c>, <c>declined</c> or <c>failed</c>; otherwise <c>succeeded</c>.
/// </summary>
public sealed record PaymentLedgerEntry(
    string PaymentId,
    string OrderId,
    PaymentLedgerEntryKind Kind,
    Money Amount,
    string Outcome,
    string IdempotencyKey,
    DateTimeOffset At,
    string? Reference);

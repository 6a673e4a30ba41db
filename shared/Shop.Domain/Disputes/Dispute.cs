using Shop.Domain.Common;

namespace Shop.Domain.Disputes;

/// <summary>A chargeback as the shop records it: on which payment and order, for how much and why, the evidence it submitted and the outcome.</summary>
public sealed record Dispute(
    string DisputeId,
    string PaymentId,
    string? OrderId,
    Money Amount,
    string Reason,
    DateTimeOffset OpenedAt,
    DateTimeOffset? EvidenceDueBy,
    string Status,
    DisputeEvidence? Evidence = null,
    DateTimeOffset? EvidenceSubmittedAt = null,
    DateTimeOffset? ClosedAt = null);

/// <summary>Dispute statuses as the shop records them (the outcome is Stripe's: won, lost, warning_closed).</summary>
public static class DisputeStatus
{
    public const string Open = "open";
    public const string EvidenceSubmitted = "evidence_submitted";
}

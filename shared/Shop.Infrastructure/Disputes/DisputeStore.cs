using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Disputes;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Disputes;

/// <summary>
/// Disputes in Table storage: one partition per dispute id (row <c>dispute</c>: the dispute as recorded, its evidence
/// and outcome; row <c>submission</c>: the evidence as the embedded gateway received it). Point reads only.
/// </summary>
public sealed class DisputeStore(StorageClientFactory storage, IOptions<DisputesOptions> options)
{
    private const string DisputeRow = "dispute";
    private const string SubmissionRow = "submission";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableHandle _table = new(storage, options.Value.Table);

    public async Task<Dispute?> GetAsync(string disputeId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Key(disputeId), DisputeRow, cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<StoredDispute>(row.Value!.GetString("Dispute"), Json)!.ToDispute() : null;
    }

    /// <summary>Records the dispute as it now is (the last writer wins: its one writer is its workflow).</summary>
    public async Task SaveAsync(Dispute dispute, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dispute);
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Key(dispute.DisputeId), DisputeRow) { ["Dispute"] = JsonSerializer.Serialize(StoredDispute.From(dispute), Json), ["OrderId"] = dispute.OrderId },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>The embedded gateway's record of a submission (what Stripe would have received).</summary>
    public async Task RecordSubmissionAsync(string disputeId, DisputeEvidence evidence, string idempotencyKey, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(Key(disputeId), SubmissionRow) { ["Evidence"] = JsonSerializer.Serialize(evidence, Json), ["IdempotencyKey"] = idempotencyKey, ["SubmittedAt"] = at },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>The evidence the embedded gateway received for the dispute, or null.</summary>
    public async Task<DisputeEvidence?> GetSubmissionAsync(string disputeId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Key(disputeId), SubmissionRow, cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<DisputeEvidence>(row.Value!.GetString("Evidence"), Json) : null;
    }

    /// <summary>Dispute ids are the provider's (<c>dp_…</c>); anything a key cannot hold is refused.</summary>
    private static string Key(string disputeId) =>
        !string.IsNullOrWhiteSpace(disputeId) && disputeId.Length <= 200 && disputeId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? disputeId
            : throw new ArgumentException($"'{disputeId}' is not a dispute id.", nameof(disputeId));

    private sealed record StoredDispute(
        string DisputeId, string PaymentId, string? OrderId, long AmountMinor, string Currency, string Reason, DateTimeOffset OpenedAt,
        DateTimeOffset? EvidenceDueBy, string Status, DisputeEvidence? Evidence, DateTimeOffset? EvidenceSubmittedAt, DateTimeOffset? ClosedAt)
    {
        public static StoredDispute From(Dispute d) => new(
            d.DisputeId, d.PaymentId, d.OrderId, d.Amount.MinorUnits, d.Amount.Currency, d.Reason, d.OpenedAt, d.EvidenceDueBy, d.Status, d.Evidence, d.EvidenceSubmittedAt, d.ClosedAt);

        public Dispute ToDispute() => new(
            DisputeId, PaymentId, OrderId, Money.FromMinorUnits(AmountMinor, Currency), Reason, OpenedAt, EvidenceDueBy, Status, Evidence, EvidenceSubmittedAt, ClosedAt);
    }
}

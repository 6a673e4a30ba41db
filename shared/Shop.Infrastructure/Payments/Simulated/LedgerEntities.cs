using Azure;
using Azure.Data.Tables;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>
/// A payment: PartitionKey = payment id, RowKey = <c>payment.{id}</c>. Every row key of the table ends with its
/// partition key, to be unique in the table (see <see cref="TableKeys"/>).
/// </summary>
internal sealed class PaymentEntity : ITableEntity
{
    public const string Kind = "payment";

    /// <summary>Where the row keys of payments start and end (for queries across payments).</summary>
    public const string RowsFrom = Kind + ".", RowsBefore = Kind + "/";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string OrderId { get; set; } = string.Empty;

    public string PaymentMethod { get; set; } = string.Empty;

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = string.Empty;

    public string Status { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CaptureBefore { get; set; }

    public long AmountCapturedMinor { get; set; }

    public long AmountRefundedMinor { get; set; }

    public string? ClientSecret { get; set; }

    public string? DeclineMessage { get; set; }

    public string? DeclineCode { get; set; }

    public string? DeclineReasonCode { get; set; }

    public string? ActionEventId { get; set; }

    public bool? ActionSucceeded { get; set; }

    public DateTimeOffset? ActionCompletedAt { get; set; }

    public static string RowFor(string paymentId) => TableKeys.Row(Kind, paymentId);
}

/// <summary>A ledger entry: PartitionKey = payment id, RowKey = <c>ledger-{kind}.{payment id}</c> (refunds: <c>ledger-refund-{refundId}.{payment id}</c>).</summary>
internal sealed class LedgerEntity : ITableEntity
{
    public const string RowPrefix = "ledger-";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string OrderId { get; set; } = string.Empty;

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = string.Empty;

    public string Outcome { get; set; } = string.Empty;

    public string IdempotencyKey { get; set; } = string.Empty;

    public DateTimeOffset At { get; set; }

    public string? Reference { get; set; }

    public static string RowFor(string paymentId, PaymentLedgerEntryKind kind, string? reference = null) =>
        TableKeys.Row(RowPrefix + kind.ToString().ToLowerInvariant() + (reference is null ? string.Empty : "-" + reference), paymentId);
}

/// <summary>An idempotency key's record: PartitionKey = <c>idem-{sha256(key)}</c>, RowKey = <c>key.{PartitionKey}</c>.</summary>
internal sealed class IdempotencyEntity : ITableEntity
{
    public const string Pending = "pending";

    public const string Completed = "completed";

    public const string Retryable = "retryable";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Key { get; set; } = string.Empty;

    public string Operation { get; set; } = string.Empty;

    public string Fingerprint { get; set; } = string.Empty;

    public string State { get; set; } = Pending;

    public DateTimeOffset LeaseUntil { get; set; }

    public string ResourceId { get; set; } = string.Empty;

    public int TransientFailures { get; set; }

    public string? ResultJson { get; set; }

    public string? ErrorKind { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public static string RowFor(string partition) => TableKeys.Row("key", partition);
}

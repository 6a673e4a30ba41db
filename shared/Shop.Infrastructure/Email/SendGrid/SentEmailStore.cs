using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Email.SendGrid;

/// <summary>
/// Which idempotency keys SendGrid has accepted, in Table storage (<see cref="SendGridOptions.SentTable"/>).
/// A send first reserves its key (a <see cref="FirstWriterTable"/> claim: a racing insert loses with 409), then records the provider's message id;
/// a send that failed before SendGrid saw it releases the key; one whose outcome is unknown keeps it for good. A
/// reservation whose holder died is taken over after a lease that outlives the slowest send
/// (<see cref="SendGridOptions.WorstCaseSend"/>), so a send still running is never overtaken by a second one.
/// </summary>
public sealed class SentEmailStore
{
    private readonly TimeSpan _lease;
    private readonly FirstWriterTable _ledger;
    private readonly TimeProvider _time;

    public SentEmailStore(StorageClientFactory storage, IOptions<SendGridOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        _ledger = new FirstWriterTable(storage, options.Value.SentTable);
        _lease = LeaseFor(options.Value);
        _time = time;
    }

    /// <summary>How long a reservation holds its key: the worst-case send and a minute more.</summary>
    public static TimeSpan LeaseFor(SendGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.WorstCaseSend + TimeSpan.FromMinutes(1);
    }

    /// <summary>The provider's message id if a message with this key was sent, else null.</summary>
    public async Task<string?> GetSentMessageIdAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var partition = Partition(idempotencyKey);
        var existing = await table.GetEntityIfExistsAsync<SentEmailEntity>(partition, SentEmailEntity.RowFor(partition), cancellationToken: cancellationToken);
        return existing.HasValue && existing.Value!.State == SentEmailEntity.Sent ? existing.Value.MessageId : null;
    }

    internal async Task<SentEmailReservation> ReserveAsync(string idempotencyKey, string template, CancellationToken cancellationToken)
    {
        var table = await _ledger.GetClientAsync(cancellationToken);
        var partition = Partition(idempotencyKey);
        var row = SentEmailEntity.RowFor(partition);

        // Most keys are new: the claim inserts first, and reads only when the key is taken.
        while (true)
        {
            var entity = new SentEmailEntity { PartitionKey = partition, RowKey = row, Key = idempotencyKey, Template = template, LeaseUntil = _time.GetUtcNow() + _lease };
            var claim = await _ledger.ClaimAsync(entity, cancellationToken: cancellationToken);
            if (claim.Won)
            {
                return new SentEmailReservation(entity, AlreadySentMessageId: null, InProgress: false);
            }

            var record = claim.Row!;
            if (record.State is SentEmailEntity.Sent or SentEmailEntity.Unknown)
            {
                return new SentEmailReservation(record, record.MessageId ?? SentEmailEntity.Unknown, InProgress: false);
            }

            if (record.LeaseUntil > _time.GetUtcNow())
            {
                return new SentEmailReservation(record, AlreadySentMessageId: null, InProgress: true);
            }

            record.LeaseUntil = _time.GetUtcNow() + _lease;
            try
            {
                var updated = await table.UpdateEntityAsync(record, record.ETag, TableUpdateMode.Replace, cancellationToken);
                record.ETag = updated.Headers.ETag ?? ETag.All;
                return new SentEmailReservation(record, AlreadySentMessageId: null, InProgress: false);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                continue;
            }
        }
    }

    internal async Task MarkSentAsync(SentEmailReservation reservation, string messageId, CancellationToken cancellationToken)
    {
        var entity = reservation.Entity;
        entity.State = SentEmailEntity.Sent;
        entity.MessageId = messageId;
        entity.SentAt = _time.GetUtcNow();

        // Unconditional: the message went out, whoever holds the reservation now.
        var table = await _ledger.GetClientAsync(cancellationToken);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Keeps the key taken for good: the send may have gone out, so it is never sent again.</summary>
    internal async Task MarkUnknownAsync(SentEmailReservation reservation)
    {
        var entity = reservation.Entity;
        entity.State = SentEmailEntity.Unknown;
        try
        {
            var table = await _ledger.GetClientAsync(CancellationToken.None);
            await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // The lease still holds the key for longer than any send; a later send may take it over after that.
        }
    }

    internal async Task ReleaseAsync(SentEmailReservation reservation)
    {
        try
        {
            var table = await _ledger.GetClientAsync(CancellationToken.None);
            await table.DeleteEntityAsync(reservation.Entity.PartitionKey, reservation.Entity.RowKey, reservation.Entity.ETag, CancellationToken.None);
        }
        catch (RequestFailedException)
        {
            // Taken over or gone already: the lease covers it.
        }
    }

    private static string Partition(string idempotencyKey) =>
        "mail-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)));
}

internal sealed record SentEmailReservation(SentEmailEntity Entity, string? AlreadySentMessageId, bool InProgress);

internal sealed class SentEmailEntity : ITableEntity
{
    /// <summary>The row of a key's partition: <c>sent.{partition}</c> (unique in the table, see <see cref="TableKeys"/>).</summary>
    public static string RowFor(string partition) => TableKeys.Row("sent", partition);

    public const string Pending = "pending";

    public const string Sent = "sent";

    /// <summary>The send's outcome was lost (a timeout): it may have gone out, and is never sent again.</summary>
    public const string Unknown = "unknown";

    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Key { get; set; } = string.Empty;

    public string Template { get; set; } = string.Empty;

    public string State { get; set; } = Pending;

    public DateTimeOffset LeaseUntil { get; set; }

    public string? MessageId { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}

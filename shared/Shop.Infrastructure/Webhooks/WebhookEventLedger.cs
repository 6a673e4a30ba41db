using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Webhooks;

/// <summary>
/// Remembers the webhook events that were applied, so a redelivery is answered as a duplicate. An event is recorded
/// only after its effect is applied (effects are idempotent by event id): a process that dies in between leaves it
/// unrecorded, so the sender's redelivery applies it instead of being told it was done. The event id is hashed into the
/// row key, so whatever a sender puts in it never reaches a filter or a key as-is.
/// </summary>
public sealed class WebhookEventLedger(StorageClientFactory storage, IOptions<WebhookOptions> options)
{
    private readonly FirstWriterTable _table = new(storage, options.Value.EventsTable);

    /// <summary>True when <paramref name="source"/>'s <paramref name="eventId"/> was applied and recorded.</summary>
    public async Task<bool> IsRecordedAsync(string source, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var table = await _table.GetClientAsync(cancellationToken);
        return (await table.GetEntityIfExistsAsync<TableEntity>(source, Row(eventId), ["PartitionKey"], cancellationToken)).HasValue;
    }

    /// <summary>Records an applied event; false when another delivery of it was recorded first.</summary>
    public async Task<bool> TryRecordAsync(string source, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var claim = await _table.ClaimAsync(
            new TableEntity(source, Row(eventId)) { ["EventId"] = eventId[..Math.Min(eventId.Length, 256)] },
            readExisting: false,
            cancellationToken);
        return claim.Won;
    }

    private static string Row(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
}

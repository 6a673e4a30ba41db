using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Webhooks;

/// <summary>
/// Remembers webhook event ids so a redelivered event is applied once. The first caller to record an id wins;
/// the event id is hashed into the row key, so whatever a sender puts in it never reaches a filter or a key as-is.
/// </summary>
public sealed class WebhookEventLedger(StorageClientFactory storage, IOptions<WebhookOptions> options)
{
    private readonly FirstWriterTable _table = new(storage, options.Value.EventsTable);

    /// <summary>Records the event; false when <paramref name="source"/> already delivered <paramref name="eventId"/>.</summary>
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

    /// <summary>Forgets an event whose handling failed, so the sender's retry is applied.</summary>
    public async Task ForgetAsync(string source, string eventId, CancellationToken cancellationToken = default)
    {
        await _table.ForgetAsync(source, Row(eventId), cancellationToken);
    }

    private static string Row(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
}

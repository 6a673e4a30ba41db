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
    private readonly TableHandle _table = new(storage, options.Value.EventsTable);

    /// <summary>Records the event; false when <paramref name="source"/> already delivered <paramref name="eventId"/>.</summary>
    public async Task<bool> TryRecordAsync(string source, string eventId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(
                new TableEntity(source, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)))) { ["EventId"] = eventId[..Math.Min(eventId.Length, 256)] },
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Forgets an event whose handling failed, so the sender's retry is applied.</summary>
    public async Task ForgetAsync(string source, string eventId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(source, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId))), ETag.All, cancellationToken);
    }
}

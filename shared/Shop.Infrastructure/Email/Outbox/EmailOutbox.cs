using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Email.Outbox;

/// <summary>
/// The outbox: one JSON blob per message in <see cref="EmailOptions.OutboxContainer"/>, named after its idempotency
/// key's hash and written with <c>If-None-Match: *</c>, so the same key can never store a second message.
/// Blob metadata (recipient, order, time, template, subject) makes listings cheap.
/// </summary>
public sealed class EmailOutbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly BlobContainerClient _container;
    private volatile bool _created;

    public EmailOutbox(StorageClientFactory storage, IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        _container = storage.GetBlobServiceClient().GetBlobContainerClient(options.Value.OutboxContainer);
    }

    /// <summary>The message id an idempotency key maps to.</summary>
    public static string IdFor(string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..32];

    /// <summary>Stores a message; returns the stored one and whether it was new (false: the key was used before, nothing written).</summary>
    public async Task<(OutboxMessage Message, bool Added)> AddAsync(EmailRecipient recipient, RenderedEmail email, string idempotencyKey, DateTimeOffset sentAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        await EnsureContainerAsync(cancellationToken);
        var message = new OutboxMessage(IdFor(idempotencyKey), recipient.Address, recipient.Name, email.Subject, email.Html, email.Text, email.Template, email.OrderId, sentAt, idempotencyKey);
        var blob = _container.GetBlobClient(BlobName(message.Id));
        var metadata = new Dictionary<string, string>
        {
            ["to"] = Uri.EscapeDataString(message.To.ToLowerInvariant()),
            ["sentat"] = message.SentAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            ["template"] = message.Template.ToString(),
            ["subject"] = Uri.EscapeDataString(message.Subject),
        };
        if (message.OrderId is { } orderId)
        {
            metadata["orderid"] = Uri.EscapeDataString(orderId);
        }

        try
        {
            await blob.UploadAsync(
                BinaryData.FromObjectAsJson(message, Json),
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    Metadata = metadata,
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken);
            return (message, true);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var existing = await GetAsync(message.Id, cancellationToken) ?? throw new InvalidOperationException($"Outbox message {message.Id} exists but cannot be read.", ex);
            return (existing, false);
        }
    }

    /// <summary>One message by id, or null.</summary>
    public async Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length != 32 || !id.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        await EnsureContainerAsync(cancellationToken);
        try
        {
            var content = await _container.GetBlobClient(BlobName(id)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<OutboxMessage>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Messages newest first, optionally only those to <paramref name="to"/> (any case) and/or about <paramref name="orderId"/>.</summary>
    public async Task<IReadOnlyList<OutboxMessageSummary>> ListAsync(string? to = null, string? orderId = null, int max = 100, CancellationToken cancellationToken = default)
    {
        await EnsureContainerAsync(cancellationToken);
        var wantedTo = string.IsNullOrWhiteSpace(to) ? null : Uri.EscapeDataString(to.Trim().ToLowerInvariant());
        var wantedOrder = string.IsNullOrWhiteSpace(orderId) ? null : Uri.EscapeDataString(orderId.Trim());
        var found = new List<OutboxMessageSummary>();
        await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var metadata = new Dictionary<string, string>(item.Metadata, StringComparer.OrdinalIgnoreCase);
            if ((wantedTo is not null && (!metadata.TryGetValue("to", out var t) || t != wantedTo))
                || (wantedOrder is not null && (!metadata.TryGetValue("orderid", out var o) || o != wantedOrder)))
            {
                continue;
            }

            found.Add(new OutboxMessageSummary(
                Path.GetFileNameWithoutExtension(item.Name),
                Uri.UnescapeDataString(metadata.GetValueOrDefault("to", string.Empty)),
                Uri.UnescapeDataString(metadata.GetValueOrDefault("subject", string.Empty)),
                Enum.TryParse<EmailTemplate>(metadata.GetValueOrDefault("template"), out var template) ? template : default,
                metadata.TryGetValue("orderid", out var order) ? Uri.UnescapeDataString(order) : null,
                DateTimeOffset.Parse(metadata.GetValueOrDefault("sentat", "0001-01-01T00:00:00Z"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind)));
        }

        return found.OrderByDescending(m => m.SentAt).ThenBy(m => m.Id, StringComparer.Ordinal).Take(Math.Max(1, max)).ToList();
    }

    private static string BlobName(string id) => id + ".json";

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_created)
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _created = true;
        }
    }
}

using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Shop.LoadTests;

/// <summary>
/// The email outbox read straight from its blob container in one listing: each message is a blob named after its
/// idempotency key's hash, with its recipient, order and template in metadata (the app's <c>EmailOutbox</c>).
/// <c>GET /api/dev/outbox?orderId=</c> lists the same blobs, but the whole container on every call, so asking it per
/// order costs orders² blob listings (76 s of checks for 420 orders); a sample of orders is compared with it instead.
/// </summary>
internal static class OutboxListing
{
    /// <summary>The container the chaos run tells the app to keep its outbox in (<c>Email__OutboxContainer</c>).</summary>
    public const string Container = "outbox";

    /// <summary>Every message about an order, by order id; templates spelt as the API spells them (camelCase).</summary>
    public static async Task<Dictionary<string, List<OutboxItem>>> ByOrderAsync(string connectionString, CancellationToken cancellationToken)
    {
        var container = new BlobContainerClient(connectionString, Container);
        var byOrder = new Dictionary<string, List<OutboxItem>>(StringComparer.Ordinal);
        if (!await container.ExistsAsync(cancellationToken))
        {
            return byOrder;
        }

        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken))
        {
            var metadata = new Dictionary<string, string>(blob.Metadata, StringComparer.OrdinalIgnoreCase);
            if (!metadata.TryGetValue("orderid", out var escaped))
            {
                continue;
            }

            var orderId = Uri.UnescapeDataString(escaped);
            var item = new OutboxItem(
                Path.GetFileNameWithoutExtension(blob.Name),
                Uri.UnescapeDataString(metadata.GetValueOrDefault("to", string.Empty)),
                JsonNamingPolicy.CamelCase.ConvertName(metadata.GetValueOrDefault("template", string.Empty)),
                orderId);
            if (!byOrder.TryGetValue(orderId, out var messages))
            {
                byOrder[orderId] = messages = [];
            }

            messages.Add(item);
        }

        return byOrder;
    }
}

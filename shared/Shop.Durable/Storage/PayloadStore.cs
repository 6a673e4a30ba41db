using System.Text;
using Azure;
using Azure.Storage.Blobs;

namespace Shop.Durable.Storage;

/// <summary>
/// Keeps payloads too large for a table property or a queue message in blobs (<c>{hub}-payloads/{instanceId}/{id}</c>,
/// gzip-compressed) and stands a token <c>blob:{name}</c> in their place. JSON text never starts with <c>b</c>,
/// so a token cannot be mistaken for a payload.
/// </summary>
internal sealed class PayloadStore(BlobContainerClient container)
{
    public const string TokenPrefix = "blob:";

    private Task? _created;

    public static bool IsToken(string? value) => value is not null && value.StartsWith(TokenPrefix, StringComparison.Ordinal);

    /// <summary>The payload itself when it is small enough, else a token for a blob holding it.</summary>
    public async Task<string?> ProtectAsync(string instanceId, string? payload, int maxInlineBytes = StorageLimits.MaxInlinePayloadBytes, CancellationToken cancellationToken = default)
    {
        if (payload is null || IsToken(payload) || Encoding.UTF8.GetMaxByteCount(payload.Length) <= maxInlineBytes || Encoding.UTF8.GetByteCount(payload) <= maxInlineBytes)
        {
            return payload;
        }

        var name = await UploadAsync(instanceId, Encoding.UTF8.GetBytes(payload), cancellationToken);
        return TokenPrefix + name;
    }

    /// <summary>The payload behind a token (or the value itself when it is not a token).</summary>
    public async Task<string?> ResolveAsync(string? value, CancellationToken cancellationToken = default)
    {
        if (!IsToken(value))
        {
            return value;
        }

        return Encoding.UTF8.GetString(await DownloadAsync(value![TokenPrefix.Length..], cancellationToken));
    }

    public async Task<string> UploadAsync(string instanceId, byte[] data, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync(cancellationToken);
        var name = $"{instanceId}/{Guid.NewGuid():N}";
        await container.GetBlobClient(name).UploadAsync(new BinaryData(BinaryProperty.Encode(data)), overwrite: true, cancellationToken);
        return name;
    }

    public async Task<byte[]> DownloadAsync(string name, CancellationToken cancellationToken = default)
    {
        var content = await container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return BinaryProperty.Decode(content.Value.Content.ToArray());
    }

    /// <summary>Deletes every blob of an instance.</summary>
    public async Task DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", cancellationToken))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var created = _created ??= container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        try
        {
            await created.WaitAsync(cancellationToken);
        }
        catch (Exception) when (created.IsFaulted)
        {
            _created = null;
            throw;
        }
    }
}

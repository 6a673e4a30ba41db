using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Returns;

/// <summary>
/// Photos of damaged goods, in a blob container (<see cref="ReturnsOptions.PhotosContainer"/>), one blob per photo
/// named <c>{returnId}/{hash of its bytes}.{ext}</c> (the same photo sent twice is one blob). Only JPEG, PNG and WebP,
/// recognised by their first bytes rather than by what the client claims, and at most <see cref="ReturnsOptions.MaxPhotoBytes"/>.
/// </summary>
public sealed class ReturnPhotoStore(StorageClientFactory storage, IOptions<ReturnsOptions> options)
{
    private readonly Lazy<Task<BlobContainerClient>> _container = new(async () =>
    {
        var container = storage.GetBlobServiceClient().GetBlobContainerClient(options.Value.PhotosContainer);
        await container.CreateIfNotExistsAsync();
        return container;
    });

    /// <summary>The image type of <paramref name="bytes"/> (<c>image/jpeg</c>, <c>image/png</c>, <c>image/webp</c>), or null for anything else.</summary>
    public static string? ImageType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    /// <summary>Stores a photo of <paramref name="returnId"/> (already checked) and returns its blob name.</summary>
    public async Task<string> SaveAsync(string returnId, byte[] bytes, string contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var name = $"{returnId}/{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}.{contentType[(contentType.IndexOf('/') + 1)..]}";
        var blob = (await _container.Value).GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(bytes), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        return name;
    }

    /// <summary>A stored photo (bytes and type), or null.</summary>
    public async Task<(byte[] Bytes, string ContentType)?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = (await _container.Value).GetBlobClient(name);
        if (!await blob.ExistsAsync(cancellationToken))
        {
            return null;
        }

        var content = (await blob.DownloadContentAsync(cancellationToken)).Value;
        return (content.Content.ToArray(), content.Details.ContentType);
    }
}

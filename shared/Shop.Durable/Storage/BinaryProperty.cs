using System.IO.Compression;
using Azure.Data.Tables;

namespace Shop.Durable.Storage;

/// <summary>
/// Binary data in table properties: gzip above 1 KiB, split over properties of at most 64 KiB each
/// (<c>Name</c>, <c>Name_1</c>, <c>Name_2</c>, ...), the table service's limit per property.
/// </summary>
internal static class BinaryProperty
{
    public const int MaxPropertyBytes = 64 * 1024;

    private const int CompressAbove = 1024;

    public static byte[] Encode(ReadOnlySpan<byte> data)
    {
        if (data.Length <= CompressAbove)
        {
            return data.ToArray();
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Decode(byte[] data)
    {
        if (data.Length < 2 || data[0] != 0x1F || data[1] != 0x8B)
        {
            return data;
        }

        using var input = new MemoryStream(data);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        gzip.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Writes <paramref name="encoded"/> (already encoded) over as many properties as needed.</summary>
    public static void Write(TableEntity entity, string name, byte[] encoded)
    {
        Remove(entity, name);
        var index = 0;
        for (var offset = 0; offset < encoded.Length || index == 0; offset += MaxPropertyBytes, index++)
        {
            var length = Math.Min(MaxPropertyBytes, encoded.Length - offset);
            entity[index == 0 ? name : $"{name}_{index}"] = encoded.AsSpan(offset, Math.Max(length, 0)).ToArray();
        }
    }

    /// <summary>Reads the properties written by <see cref="Write"/>; null when there are none.</summary>
    public static byte[]? Read(TableEntity entity, string name)
    {
        if (!entity.TryGetValue(name, out var first) || first is not byte[] head)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        buffer.Write(head);
        for (var index = 1; entity.TryGetValue($"{name}_{index}", out var next) && next is byte[] part; index++)
        {
            buffer.Write(part);
        }

        return buffer.ToArray();
    }

    public static void Remove(TableEntity entity, string name)
    {
        entity.Remove(name);
        for (var index = 1; entity.Remove($"{name}_{index}"); index++)
        {
        }
    }
}

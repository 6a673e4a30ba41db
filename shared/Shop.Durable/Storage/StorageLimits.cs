using System.Text;
using Azure.Data.Tables;

namespace Shop.Durable.Storage;

/// <summary>
/// The Azure Table service's limits, enforced here because the emulator does not: 1 MiB per entity, 64 KiB per
/// property, 252 properties, 100 operations and 4 MiB per entity-group transaction.
/// </summary>
internal static class StorageLimits
{
    public const int MaxEntityBytes = 1024 * 1024;

    public const int MaxPropertyBytes = 64 * 1024;

    public const int MaxProperties = 252;

    public const int MaxBatchOperations = 100;

    public const int MaxBatchBytes = 4 * 1024 * 1024;

    /// <summary>Inline binary data in one entity beyond this goes to a blob (leaves room for the other properties).</summary>
    public const int MaxInlineBinaryBytes = 12 * MaxPropertyBytes;

    /// <summary>A payload kept in a string property or a queue message beyond this (UTF-8 bytes) goes to a blob.</summary>
    public const int MaxInlinePayloadBytes = 30 * 1024;

    /// <summary>The entity's size as the service counts it; throws when a limit is passed.</summary>
    public static int Validate(ITableEntity entity)
    {
        var size = 4 + (2 * ((entity.PartitionKey?.Length ?? 0) + (entity.RowKey?.Length ?? 0)));
        if (entity is not TableEntity properties)
        {
            return size;
        }

        var count = 0;
        foreach (var (name, value) in properties)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            count++;
            var valueSize = value switch
            {
                null => 0,
                string s => 4 + (2 * s.Length),
                byte[] b => 4 + b.Length,
                bool => 1,
                int => 4,
                long or double or DateTime or DateTimeOffset => 8,
                Guid => 16,
                _ => 4 + (2 * Encoding.UTF8.GetByteCount(value.ToString() ?? string.Empty)),
            };
            if (valueSize - 4 > MaxPropertyBytes)
            {
                throw new InvalidOperationException($"Property '{name}' of {entity.PartitionKey}/{entity.RowKey} has {valueSize - 4} bytes; the limit is {MaxPropertyBytes}.");
            }

            size += 8 + (2 * name.Length) + valueSize;
        }

        if (count > MaxProperties)
        {
            throw new InvalidOperationException($"{entity.PartitionKey}/{entity.RowKey} has {count} properties; the limit is {MaxProperties}.");
        }

        if (size > MaxEntityBytes)
        {
            throw new InvalidOperationException($"{entity.PartitionKey}/{entity.RowKey} has {size} bytes; the limit is {MaxEntityBytes}.");
        }

        return size;
    }

    /// <summary>Throws when an instance id could not be a table key or a blob prefix.</summary>
    public static void ValidateInstanceId(string instanceId, string paramName = "instanceId")
    {
        if (string.IsNullOrWhiteSpace(instanceId) || instanceId.Length > 256
            || instanceId.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            throw new ArgumentException("An instance id is 1-256 characters without '/', '\\', '#', '?' or control characters.", paramName);
        }
    }
}

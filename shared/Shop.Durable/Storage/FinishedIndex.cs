using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace Shop.Durable.Storage;

/// <summary>
/// The finished instances by the day they were created: the table <c>{hub}finished</c>, PartitionKey <c>yyyyMMdd</c>
/// (UTC) of the execution's start, RowKey = instance id, with the execution id (a row of an earlier execution of a
/// restarted instance is dropped, not followed). What a bulk purge reads: Microsoft's purge filter selects by
/// creation time (<see cref="Microsoft.DurableTask.Client.PurgeInstancesFilter"/>, as Durable Functions' purge does in
/// Azure), so a purge of the instances created before a time reads the partitions up to that day and no others.
/// <para>
/// A row is written <em>before</em> the commit that finishes its instance, so a finished instance always has one (a
/// crash after the row and before the commit leaves a row for an instance still running, which a purge skips). It
/// goes with its instance's purge, last, so a purge that stops midway is finished by the next one.
/// </para>
/// </summary>
internal sealed class FinishedIndex(TableClient table)
{
    private readonly Lazy<Task> _created = new(() => table.CreateIfNotExistsAsync());

    public TableClient Table { get; } = table;

    /// <summary>The partition of instances created at <paramref name="createdAt"/>.</summary>
    public static string Bucket(DateTime createdAt) => createdAt.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Records that the instance finishes (before its finishing commit).</summary>
    public async Task RecordAsync(string instanceId, string executionId, DateTime createdAt, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        await Table.UpsertEntityAsync(
            new TableEntity(Bucket(createdAt), instanceId) { ["CreatedAt"] = createdAt, ["ExecutionId"] = executionId },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>A page of the instances created from <paramref name="from"/> (its day) up to <paramref name="to"/> (its day): a key-range read.</summary>
    public async Task<(IReadOnlyList<FinishedIndexEntry> Entries, string? ContinuationToken)> ReadPageAsync(
        DateTime? from, DateTime to, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var filter = from is { } start
            ? TableClient.CreateQueryFilter($"PartitionKey ge {Bucket(start)} and PartitionKey le {Bucket(to)}")
            : TableClient.CreateQueryFilter($"PartitionKey le {Bucket(to)}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            return (page.Values.Select(ToEntry).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    private static FinishedIndexEntry ToEntry(TableEntity row) =>
        new(row.RowKey, row.GetString("ExecutionId") ?? string.Empty, row.GetDateTime("CreatedAt") ?? DateTime.MinValue, row.PartitionKey, row.ETag);

    /// <summary>Deletes a row (if it still has <paramref name="etag"/>); nothing when it is gone.</summary>
    public async Task DeleteAsync(string bucket, string instanceId, ETag etag, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        try
        {
            await Table.DeleteEntityAsync(bucket, instanceId, etag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Gone, or written again meanwhile (the instance finished again): left as it is.
        }
    }
}

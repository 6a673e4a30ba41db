using Azure;
using Azure.Data.Tables;

namespace Shop.Durable.Storage;

/// <summary>
/// The instances that have work: the table <c>{hub}work</c>, one row per instance (PartitionKey <c>work</c>,
/// RowKey = instance id) that has scheduled work in its outbox, a start not run yet, or had either moments ago. The
/// recovery sweep reads this partition instead of the Instances table, so its cost follows the instances at work, not
/// every instance ever run (on Azurite a filtered query reads the whole table: docs/benchmarks.md).
/// <para>
/// Order of writes, and why a crash between them is harmless: a row is written <em>before</em> what it stands for —
/// before the Instances row of a new start, and before the commit that gives an idle instance work again (which is
/// the only way work appears: see <c>InstanceActor.WakesUp</c>) — so work never exists without its row; a crash after
/// the row and before the work leaves a row with no work, which the sweep deletes once it is older than
/// <see cref="DurableOptions.RecoverAfter"/>. A row is deleted only (1) by the process whose commit left the outbox
/// empty, conditional on the ETag of its own last write of the row: unchanged, no one has marked it since, so no commit
/// has brought work since (a commit that does marks first and changes the ETag); or (2) by the sweep, when the
/// instance has no work and the row was last marked longer than <see cref="DurableOptions.RecoverAfter"/> ago (any
/// commit a mark preceded has landed by then), conditional on the ETag it read before it read the instance.
/// </para>
/// <para>
/// The lease: while a process runs an activity of the instance it renews <c>LeaseUntil</c> (and names itself in
/// <c>LeaseOwner</c>); the sweep re-runs an instance's outbox only once the lease has run out, so an activity that runs
/// longer than <see cref="DurableOptions.RecoverAfter"/> in a live process is never run a second time by recovery.
/// </para>
/// </summary>
internal sealed class WorkIndex(TableClient table)
{
    public const string Partition = "work";

    private const string MetaPartition = "meta";
    private const string BackfillRow = "backfill";

    private readonly Lazy<Task> _created = new(() => table.CreateIfNotExistsAsync());

    public TableClient Table { get; } = table;

    /// <summary>
    /// Marks the instance as having work (before the work is written): inserts its row, or touches the row that is
    /// there (keeping its lease) so that a delete conditional on an older ETag is refused. Returns the row's ETag.
    /// </summary>
    public async Task<ETag> MarkAsync(string instanceId, DateTime now, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var row = new TableEntity(Partition, instanceId) { ["MarkedAt"] = now };
        while (true)
        {
            try
            {
                return (await Table.AddEntityAsync(row, cancellationToken)).Headers.ETag ?? ETag.All;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }

            try
            {
                return (await Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken)).Headers.ETag ?? ETag.All;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Deleted between the two: insert it again.
            }
        }
    }

    /// <summary>Renews the lease on the instance's running work (creating the row if it is gone).</summary>
    public async Task RenewLeaseAsync(string instanceId, DateTime until, string owner, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        await Table.UpsertEntityAsync(
            new TableEntity(Partition, instanceId) { ["LeaseUntil"] = until, ["LeaseOwner"] = owner },
            TableUpdateMode.Merge,
            cancellationToken);
    }

    /// <summary>Takes the lease if the row is still as <paramref name="entry"/> read it; false when it changed or is gone.</summary>
    public async Task<bool> TryTakeLeaseAsync(WorkIndexEntry entry, DateTime until, string owner, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.UpdateEntityAsync(
                new TableEntity(Partition, entry.InstanceId) { ["LeaseUntil"] = until, ["LeaseOwner"] = owner },
                entry.ETag,
                TableUpdateMode.Merge,
                cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Deletes the instance's row if it still has <paramref name="etag"/>; false when it changed or is gone.</summary>
    public async Task<bool> TryDeleteAsync(string instanceId, ETag etag, CancellationToken cancellationToken = default)
    {
        try
        {
            await Table.DeleteEntityAsync(Partition, instanceId, etag, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>A page of the index (a read of its one partition).</summary>
    public async Task<(IReadOnlyList<WorkIndexEntry> Entries, string? ContinuationToken)> ReadPageAsync(int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        await _created.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            return (page.Values.Select(ToEntry).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>True once the rows of instances that had work before this index existed have been written (see <see cref="SetBackfilledAsync"/>).</summary>
    public async Task<bool> IsBackfilledAsync(CancellationToken cancellationToken = default)
    {
        await _created.Value;
        return (await Table.GetEntityIfExistsAsync<TableEntity>(MetaPartition, BackfillRow, cancellationToken: cancellationToken)).HasValue;
    }

    public async Task SetBackfilledAsync(DateTime now, CancellationToken cancellationToken = default) =>
        await Table.UpsertEntityAsync(new TableEntity(MetaPartition, BackfillRow) { ["At"] = now }, TableUpdateMode.Replace, cancellationToken);

    private static WorkIndexEntry ToEntry(TableEntity row) => new(
        row.RowKey,
        row.GetDateTime("MarkedAt") ?? DateTime.MinValue,
        row.GetDateTime("LeaseUntil"),
        row.GetString("LeaseOwner"),
        row.ETag);
}

using Azure;
using Azure.Data.Tables;

namespace Shop.Hosting.Storage;

/// <summary>
/// A table of claims where the first writer of a row wins: a claim is an insert, which a racing insert loses with 409,
/// and a loser reads what the winner wrote. Checkout idempotency keys, processed webhook events and sent emails are
/// such ledgers. The table is created on first use.
/// </summary>
public sealed class FirstWriterTable(StorageClientFactory storage, string name)
{
    private readonly TableHandle _table = new(storage, name);

    /// <summary>The table, for the updates a ledger makes to a row it won.</summary>
    public Task<TableClient> GetClientAsync(CancellationToken cancellationToken = default) => _table.GetAsync(cancellationToken);

    /// <summary>
    /// Claims <paramref name="entity"/>'s row. The winner gets its entity back with the row's ETag; a loser gets the row
    /// the winner wrote (read again if it was deleted meanwhile, then claimed anew), or no row when
    /// <paramref name="readExisting"/> is false.
    /// </summary>
    public async Task<FirstWrite<T>> ClaimAsync<T>(T entity, bool readExisting = true, CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        ArgumentNullException.ThrowIfNull(entity);
        var table = await _table.GetAsync(cancellationToken);
        while (true)
        {
            try
            {
                var added = await table.AddEntityAsync(entity, cancellationToken);
                entity.ETag = added.Headers.ETag ?? ETag.All;
                return new FirstWrite<T>(true, entity);
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
            }

            if (!readExisting)
            {
                return new FirstWrite<T>(false, null);
            }

            var existing = await table.GetEntityIfExistsAsync<T>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                return new FirstWrite<T>(false, existing.Value);
            }
        }
    }

    /// <summary>Deletes a row (a claim given up), whatever its ETag.</summary>
    public async Task ForgetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
    }
}

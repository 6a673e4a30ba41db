using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Fulfillment;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Fulfillment;

/// <summary>
/// Pick lists the warehouse works from, in one partition (<c>pick</c>): a row per order (RowKey = order id, the record
/// a step reads) and, beside it, a copy of the list in its status's index (RowKey
/// <c>status.{status}.{created ticks}.{orderId}</c>, oldest first), which is what listing by status reads — a key range
/// holding the lists in that status, so listing the pending ones costs the pending lists, not every list ever shipped or
/// cancelled (shipped and cancelled lists stay for the record). Order ids have no dots, so the two kinds of row
/// cannot meet. A record and its index row change in one entity-group transaction, conditional on the record's ETag:
/// they never disagree, and a writer that lost a race reads again. Lists recorded before the index existed are indexed
/// on their next change, or by the first listing (once per table, see <see cref="IndexLegacyAsync"/>).
/// </summary>
public sealed class FulfillmentStore(StorageClientFactory storage, IOptions<FulfillmentOptions> options)
{
    private const string Partition = "pick";
    private const string IndexPrefix = "status.";
    private const string IndexedMarker = "meta.indexed";
    private const int MaxAttempts = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableHandle _table = new(storage, options.Value.Table);
    private volatile bool _legacyIndexed;

    /// <summary>Saves the list (a new status moves its index row in the same transaction); retried steps are harmless.</summary>
    public async Task SaveAsync(PickList pickList, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pickList);
        var table = await _table.GetAsync(cancellationToken);
        var oldIndexMissing = false;
        for (var attempt = 1; ; attempt++)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(Partition, pickList.OrderId, cancellationToken: cancellationToken);
            var actions = new List<TableTransactionAction>();
            if (stored.HasValue)
            {
                var current = stored.Value!;
                actions.Add(new(TableTransactionActionType.UpdateReplace, ToEntity(pickList), current.ETag));
                if (current.GetBoolean("Indexed") == true && !oldIndexMissing && IndexRow(current) is var old && old != IndexRow(pickList))
                {
                    actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, old), ETag.All));
                }
            }
            else
            {
                actions.Add(new(TableTransactionActionType.Add, ToEntity(pickList)));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, ToIndexEntity(pickList)));
            var refused = await TrySubmitAsync(table, actions, cancellationToken);
            if (refused is null)
            {
                return;
            }

            // 404: the old index row was not there (the record said otherwise: a hand edit); go on without it.
            oldIndexMissing = refused == 404;

            if (attempt >= MaxAttempts)
            {
                throw new TimeoutException($"Gave up saving the pick list of '{pickList.OrderId}' after {attempt} attempts under contention.");
            }
        }
    }

    /// <summary>Records a new pick list; false (and nothing changed) when the order has one already.</summary>
    public async Task<bool> AddIfAbsentAsync(PickList pickList, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pickList);
        var table = await _table.GetAsync(cancellationToken);
        return await TrySubmitAsync(
            table,
            [new(TableTransactionActionType.Add, ToEntity(pickList)), new(TableTransactionActionType.UpsertReplace, ToIndexEntity(pickList))],
            cancellationToken) is null;
    }

    public async Task<PickList?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, orderId, cancellationToken: cancellationToken);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    /// <summary>Pick lists in <paramref name="status"/>, oldest first: a read of that status's key range, <paramref name="top"/> rows at most.</summary>
    public async Task<IReadOnlyList<PickList>> ListAsync(string status, int top, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var table = await _table.GetAsync(cancellationToken);
        await IndexLegacyAsync(table, cancellationToken);
        var prefix = IndexPrefix + status + ".";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "/"}");
        var lists = new List<PickList>(Math.Min(top, 1000));
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, Math.Min(top, 1000), cancellationToken: cancellationToken))
        {
            lists.Add(FromEntity(entity));
            if (lists.Count == top)
            {
                break;
            }
        }

        return lists;
    }

    /// <summary>
    /// Once per table (a marker row says it is done): indexes the pick lists recorded before the index existed, with
    /// the one read of the whole partition this takes. Each is indexed in a transaction conditional on its record, so
    /// a list changed meanwhile (and indexed by that change) is left alone.
    /// </summary>
    private async Task IndexLegacyAsync(TableClient table, CancellationToken cancellationToken)
    {
        if (_legacyIndexed || (await table.GetEntityIfExistsAsync<TableEntity>(Partition, IndexedMarker, cancellationToken: cancellationToken)).HasValue)
        {
            _legacyIndexed = true;
            return;
        }

        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (entity.RowKey.Contains('.', StringComparison.Ordinal) || entity.GetBoolean("Indexed") == true)
            {
                continue;
            }

            var pickList = FromEntity(entity);
            await TrySubmitAsync(
                table,
                [new(TableTransactionActionType.UpdateReplace, ToEntity(pickList), entity.ETag), new(TableTransactionActionType.UpsertReplace, ToIndexEntity(pickList))],
                cancellationToken);
        }

        await table.UpsertEntityAsync(new TableEntity(Partition, IndexedMarker), TableUpdateMode.Replace, cancellationToken);
        _legacyIndexed = true;
    }

    /// <summary>Submits one partition's actions atomically: null when committed, else the status of the refusal (409, 412: a race, read again; 404).</summary>
    private static async Task<int?> TrySubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellationToken);
            return null;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return ex.Status;
        }
    }

    private static string IndexRow(PickList pickList) => IndexRow(pickList.Status, pickList.CreatedAt, pickList.OrderId);

    private static string IndexRow(TableEntity record) =>
        IndexRow(record.GetString("Status") ?? string.Empty, record.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue, record.RowKey);

    private static string IndexRow(string status, DateTimeOffset createdAt, string orderId) =>
        string.Create(CultureInfo.InvariantCulture, $"{IndexPrefix}{status}.{createdAt.UtcTicks:D19}.{orderId}");

    private static TableEntity ToEntity(PickList pickList)
    {
        var entity = ToIndexEntity(pickList);
        entity.RowKey = pickList.OrderId;
        entity["Indexed"] = true;
        return entity;
    }

    private static TableEntity ToIndexEntity(PickList pickList) => new(Partition, IndexRow(pickList))
    {
        ["OrderId"] = pickList.OrderId,
        ["Status"] = pickList.Status,
        ["CreatedAt"] = pickList.CreatedAt,
        ["ShipTo"] = pickList.ShipTo,
        ["Lines"] = JsonSerializer.Serialize(pickList.Lines, Json),
        ["Carrier"] = pickList.Carrier,
        ["TrackingNumber"] = pickList.TrackingNumber,
    };

    private static PickList FromEntity(TableEntity entity) => new(
        entity.GetString("OrderId") ?? entity.RowKey,
        entity.GetString("Status"),
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ShipTo"),
        JsonSerializer.Deserialize<PickListLine[]>(entity.GetString("Lines"), Json) ?? [],
        entity.GetString("Carrier"),
        entity.GetString("TrackingNumber"));
}

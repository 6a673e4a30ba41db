using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Fulfillment;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Fulfillment;

/// <summary>
/// Pick lists the warehouse works from: one row per order in one partition (a small, short-lived set; shipped and
/// cancelled lists stay for the record). Writes are upserts, so a retried step is harmless.
/// </summary>
public sealed class FulfillmentStore(StorageClientFactory storage, IOptions<FulfillmentOptions> options)
{
    private const string Partition = "pick";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TableHandle _table = new(storage, options.Value.Table);

    public async Task SaveAsync(PickList pickList, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pickList);
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(ToEntity(pickList), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Records a new pick list; false (and nothing changed) when the order has one already.</summary>
    public async Task<bool> AddIfAbsentAsync(PickList pickList, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pickList);
        var table = await _table.GetAsync(cancellationToken);
        try
        {
            await table.AddEntityAsync(ToEntity(pickList), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public async Task<PickList?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(Partition, orderId, cancellationToken: cancellationToken);
        return entity.HasValue ? FromEntity(entity.Value!) : null;
    }

    /// <summary>Pick lists in <paramref name="status"/>, oldest first.</summary>
    public async Task<IReadOnlyList<PickList>> ListAsync(string status, int top, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var lists = new List<PickList>();
        await foreach (var entity in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Status eq {status}"),
            cancellationToken: cancellationToken))
        {
            lists.Add(FromEntity(entity));
        }

        return lists.OrderBy(l => l.CreatedAt).Take(top).ToList();
    }

    private static TableEntity ToEntity(PickList pickList) => new(Partition, pickList.OrderId)
    {
        ["Status"] = pickList.Status,
        ["CreatedAt"] = pickList.CreatedAt,
        ["ShipTo"] = pickList.ShipTo,
        ["Lines"] = JsonSerializer.Serialize(pickList.Lines, Json),
        ["Carrier"] = pickList.Carrier,
        ["TrackingNumber"] = pickList.TrackingNumber,
    };

    private static PickList FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Status"),
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetString("ShipTo"),
        JsonSerializer.Deserialize<PickListLine[]>(entity.GetString("Lines"), Json) ?? [],
        entity.GetString("Carrier"),
        entity.GetString("TrackingNumber"));
}

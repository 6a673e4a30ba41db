using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Inventory;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Catalog;

namespace Shop.Infrastructure.Inventory;

/// <summary>
/// Stock in Table storage. The stock table has one partition per SKU: the item row (<c>item</c>: on hand, held,
/// received, sold, reorder settings), a row per active hold (<c>hold-{orderId}</c>) and a row per receipt. Every change
/// to an item is an entity-group transaction conditional on the item's ETag, together with the hold or receipt row it
/// concerns, so an item's <c>Held</c> is always the sum of its hold rows. Losers of a race reload and try again.
/// The holds table keeps one row per order (PartitionKey = order id, RowKey <c>hold.{orderId}</c>: its lines and state),
/// so releasing or converting an order is a point read. The sweeps read their own table beside it, <c>{holds table}index</c>
/// (<see cref="HoldIndex"/>): the holds by expiry and the SKUs with held stock.
/// Levels shown to shoppers come from a short-lived copy of each item that every read and write here refreshes.
/// Items are here; holds in <c>TableStockStore.Holds.cs</c>; the expiry and drift sweeps in <c>TableStockStore.Sweeps.cs</c>.
/// </summary>
internal sealed partial class TableStockStore(
    StorageClientFactory storage,
    IOptions<InventoryOptions> options,
    TimeProvider time,
    ILogger<TableStockStore> logger) : IStockStore, IDisposable
{
    private const string ItemRow = "item";
    private const string HoldRowPrefix = "hold-";
    private const string HoldRowEnd = "hold."; // the first row key after every "hold-…"
    private const string ReceiptRowPrefix = "receipt-";
    private const string SalesRowPrefix = "sales-";
    private const string RestockRowPrefix = "receipt-return-";
    private const int MaxNoteLength = 500;

    private readonly TableHandle _stock = new(storage, options.Value.StockTable);
    private readonly TableHandle _holds = new(storage, options.Value.HoldsTable);
    private readonly HoldIndex _index = new(storage, options.Value.HoldsTable + "index", time);
    private readonly int _maxAttempts = options.Value.MaxConcurrencyAttempts;
    private readonly DisplayCopies _levels = new(TimeSpan.FromSeconds(options.Value.DisplayCacheSeconds));

    // The last version of each item row this process read or wrote, with its ETag: holds and settlements try their
    // conditional write on it first instead of reading the row again. A stale copy only costs a refused write (412)
    // and a read; it never overwrites anything.
    private readonly MemoryCache _items = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async Task<StockItem?> GetAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (!Skus.TryNormalize(sku, out var key))
        {
            return null;
        }

        var table = await _stock.GetAsync(cancellationToken);
        var entity = await ReadItemAsync(table, key, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        _levels.Keep(key, entity);
        return ToItem(entity);
    }

    public Task<IReadOnlyDictionary<string, StockItem>> GetLevelsAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        return _levels.GetManyAsync(
            skus.Select(s => Skus.TryNormalize(s, out var k) ? k : null).OfType<string>(),
            ToItem,
            missing => GetManyAsync(missing, cancellationToken));
    }

    public void Dispose()
    {
        _levels.Dispose();
        _items.Dispose();
    }

    public async Task<IReadOnlyDictionary<string, StockItem>> GetManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(skus);
        var found = new ConcurrentDictionary<string, StockItem>(StringComparer.Ordinal);
        var keys = skus.Select(s => Skus.TryNormalize(s, out var k) ? k : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (sku, ct) =>
        {
            if (await GetAsync(sku, ct) is { } item)
            {
                found[sku] = item;
            }
        });
        return found;
    }

    public async Task<StockItem> ReceiveAsync(string sku, int quantity, string? note = null, CancellationToken cancellationToken = default)
    {
        sku = Skus.Normalize(sku);
        note = note?.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            throw new ArgumentException($"A receipt note is at most {MaxNoteLength} characters.", nameof(note));
        }

        var table = await _stock.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadItemAsync(table, sku, cancellationToken);
            var item = current is null ? StockItem.Create(sku) : ToItem(current);
            item.Receive(quantity);
            var receipt = new TableEntity(sku, ReceiptRowPrefix + NewSequentialSuffix())
            {
                ["Quantity"] = quantity,
                ["Note"] = note,
                ["ReceivedAt"] = time.GetUtcNow(),
            };
            if (await TrySubmitAsync(table, [WriteItem(item, current), new(TableTransactionActionType.Add, receipt)], cancellationToken) is null)
            {
                Log.Received(logger, sku, quantity, item.OnHand);
                return item;
            }

            await BackoffAsync(attempt, sku, cancellationToken);
        }
    }

    public async Task<StockItem> RestockAsync(string sku, int quantity, string restockId, CancellationToken cancellationToken = default)
    {
        sku = Skus.Normalize(sku);
        ArgumentException.ThrowIfNullOrWhiteSpace(restockId);
        // The receipt row's key is the restock's own, so the item changes once per restock: a second attempt finds the
        // row (or loses the transaction to it) and changes nothing.
        var row = RestockRowPrefix + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(restockId)))[..32];
        var table = await _stock.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadItemAsync(table, sku, cancellationToken);
            if (current is not null && await GetEntityAsync(table, sku, row, cancellationToken) is not null)
            {
                return ToItem(current);
            }

            var item = current is null ? StockItem.Create(sku) : ToItem(current);
            item.Receive(quantity);
            var receipt = new TableEntity(sku, row)
            {
                ["Quantity"] = quantity,
                ["Note"] = "returned: " + restockId[..Math.Min(restockId.Length, MaxNoteLength - 10)],
                ["ReceivedAt"] = time.GetUtcNow(),
            };
            if (await TrySubmitAsync(table, [WriteItem(item, current), new(TableTransactionActionType.Add, receipt)], cancellationToken) is null)
            {
                Log.Received(logger, sku, quantity, item.OnHand);
                return item;
            }

            await BackoffAsync(attempt, sku, cancellationToken);
        }
    }

    public async Task<StockItem> SetReorderAsync(string sku, int reorderPoint, int leadTimeDays, CancellationToken cancellationToken = default)
    {
        sku = Skus.Normalize(sku);
        var table = await _stock.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadItemAsync(table, sku, cancellationToken);
            var item = current is null ? StockItem.Create(sku) : ToItem(current);
            item.SetReorder(reorderPoint, leadTimeDays);
            if (await TrySubmitAsync(table, [WriteItem(item, current)], cancellationToken) is null)
            {
                return item;
            }

            await BackoffAsync(attempt, sku, cancellationToken);
        }
    }

    public async Task<bool> InitializeAsync(string sku, int onHand, int reorderPoint, int leadTimeDays, CancellationToken cancellationToken = default)
    {
        sku = Skus.Normalize(sku);
        ArgumentOutOfRangeException.ThrowIfNegative(onHand);
        var item = StockItem.Create(sku, reorderPoint, leadTimeDays);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, ToEntity(item)) };
        if (onHand > 0)
        {
            item.Receive(onHand);
            actions[0] = new(TableTransactionActionType.Add, ToEntity(item));
            actions.Add(new(TableTransactionActionType.Add, new TableEntity(sku, ReceiptRowPrefix + NewSequentialSuffix())
            {
                ["Quantity"] = onHand,
                ["Note"] = "initial stock",
                ["ReceivedAt"] = time.GetUtcNow(),
            }));
        }

        var table = await _stock.GetAsync(cancellationToken);
        return await TrySubmitAsync(table, actions, cancellationToken) is null;
    }

    /// <summary>
    /// Submits one partition's actions atomically: null when committed, else the HTTP status of the refusal (409, 412,
    /// 404). An item row written replaces the copy shown to shoppers; one whose write was refused is dropped from it.
    /// </summary>
    private async Task<int?> TrySubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var (status, etags) = await SubmitAsync(table, actions, cancellationToken);
        for (var i = 0; i < actions.Count; i++)
        {
            var action = actions[i];
            if (action.Entity.RowKey != ItemRow || action.Entity is not TableEntity written || table.Name != _stock.Name)
            {
                continue;
            }

            if (status is null && action.ActionType is TableTransactionActionType.Add or TableTransactionActionType.UpdateReplace)
            {
                _levels.Keep(written.PartitionKey, written);
                if (etags[i] is { } etag && etag != default)
                {
                    RememberItem(new TableEntity(written) { ETag = etag });
                }
                else
                {
                    _items.Remove(written.PartitionKey);
                }
            }
            else
            {
                _levels.Forget(written.PartitionKey);
                _items.Remove(written.PartitionKey);
            }
        }

        return status;
    }

    /// <summary>Submits the actions: null when committed, else the refusal's status; and each action's new ETag.</summary>
    private static async Task<(int? Status, ETag?[] ETags)> SubmitAsync(TableClient table, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var etags = new ETag?[actions.Count];
        try
        {
            if (actions.Count == 1)
            {
                var action = actions[0];
                var response = action.ActionType switch
                {
                    TableTransactionActionType.Add => await table.AddEntityAsync(action.Entity, cancellationToken),
                    TableTransactionActionType.UpdateReplace => await table.UpdateEntityAsync(action.Entity, action.ETag, TableUpdateMode.Replace, cancellationToken),
                    TableTransactionActionType.Delete => await table.DeleteEntityAsync(action.Entity, action.ETag, cancellationToken),
                    _ => throw new NotSupportedException(action.ActionType.ToString()),
                };
                etags[0] = response.Headers.ETag;
            }
            else
            {
                var responses = (await table.SubmitTransactionAsync(actions, cancellationToken)).Value;
                for (var i = 0; i < actions.Count && i < responses.Count; i++)
                {
                    etags[i] = responses[i].Headers.ETag;
                }
            }

            return (null, etags);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return (ex.Status, etags);
        }
    }

    private async Task BackoffAsync(int attempt, string what, CancellationToken cancellationToken)
    {
        if (attempt >= _maxAttempts)
        {
            throw new TimeoutException($"Gave up updating '{what}' after {attempt} attempts under contention.");
        }

        Log.Contention(logger, what, attempt);
        await Task.Delay(TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(2, 10 + Math.Min(attempt, 20) * 5)), cancellationToken);
    }

    private static async Task<TableEntity?> GetEntityAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Reads an item row (null when the SKU has none), keeping it as the latest version known here.</summary>
    private async Task<TableEntity?> ReadItemAsync(TableClient table, string sku, CancellationToken cancellationToken)
    {
        var entity = await GetEntityAsync(table, sku, ItemRow, cancellationToken);
        if (entity is null)
        {
            _items.Remove(sku);
        }
        else
        {
            RememberItem(entity);
        }

        return entity;
    }

    /// <summary>A private copy of the latest version of the item row known here (null when none).</summary>
    private TableEntity? KnownItem(string sku) =>
        _items.TryGetValue(sku, out TableEntity? known) ? new TableEntity(known!) { ETag = known!.ETag } : null;

    private void RememberItem(TableEntity entity) =>
        _items.Set(entity.PartitionKey, new TableEntity(entity) { ETag = entity.ETag }, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) });

    private TableTransactionAction WriteItem(StockItem item, TableEntity? current) => current is null
        ? new(TableTransactionActionType.Add, ToEntity(item))
        : new(TableTransactionActionType.UpdateReplace, ToEntity(item), current.ETag);

    private TableEntity ToEntity(StockItem item) => new(item.Sku, ItemRow)
    {
        ["OnHand"] = item.OnHand,
        ["Held"] = item.Held,
        ["ReorderPoint"] = item.ReorderPoint,
        ["LeadTimeDays"] = item.LeadTimeDays,
        ["Received"] = item.Received,
        ["Sold"] = item.Sold,
        ["LastSoldAt"] = item.Sales?.LastSoldAt,
        ["SalesDay"] = item.Sales is { } sales ? DayKey(sales.Day) : null,
        ["SoldBeforeSalesDay"] = item.Sales?.SoldBeforeDay,
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static string DayKey(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The row of the units sold on the item's last sales day (written with the sale, in its transaction).</summary>
    private static TableEntity SalesRow(StockItem item) => new(item.Sku, SalesRowPrefix + DayKey(item.Sales!.Day))
    {
        ["Units"] = item.UnitsSoldOnSalesDay,
        ["Sold"] = item.Sold,
    };

    private static StockSales? SalesOf(TableEntity entity) =>
        entity.GetDateTimeOffset("LastSoldAt") is { } at
        && DateOnly.TryParseExact(entity.GetString("SalesDay"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? new StockSales(at, day, entity.GetInt64("SoldBeforeSalesDay") ?? 0)
            : null;

    public async Task<IReadOnlyList<DailySales>> GetDailySalesAsync(string sku, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        if (!Skus.TryNormalize(sku, out var key))
        {
            return [];
        }

        var table = await _stock.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {key} and RowKey ge {SalesRowPrefix + DayKey(from)} and RowKey le {SalesRowPrefix + DayKey(to)}");
        var days = new List<DailySales>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, ["RowKey", "Units"], cancellationToken))
        {
            days.Add(new DailySales(DateOnly.ParseExact(row.RowKey[SalesRowPrefix.Length..], "yyyyMMdd", CultureInfo.InvariantCulture), row.GetInt64("Units") ?? 0));
        }

        return days;
    }

    private static StockItem ToItem(TableEntity entity) => StockItem.Restore(
        entity.PartitionKey,
        entity.GetInt32("OnHand") ?? 0,
        entity.GetInt32("Held") ?? 0,
        entity.GetInt32("ReorderPoint") ?? 0,
        entity.GetInt32("LeadTimeDays") ?? 0,
        entity.GetInt64("Received") ?? 0,
        entity.GetInt64("Sold") ?? 0,
        SalesOf(entity));

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Received {Quantity} of {Sku}; {OnHand} on hand")]
        public static partial void Received(ILogger logger, string sku, int quantity, int onHand);

        [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Held stock for order {OrderId} ({Lines} lines)")]
        public static partial void Held(ILogger logger, string orderId, int lines);

        [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Refused a hold for order {OrderId}: {Shortages}")]
        public static partial void HoldRefused(ILogger logger, string orderId, string shortages);

        [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Released the hold of order {OrderId}")]
        public static partial void Released(ILogger logger, string orderId);

        [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Sold the hold of order {OrderId}")]
        public static partial void Converted(ILogger logger, string orderId);

        [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "ETag conflict on {Key}, attempt {Attempt}; retrying")]
        public static partial void Contention(ILogger logger, string key, int attempt);
    }
}

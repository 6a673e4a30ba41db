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
/// so releasing or converting an order is a point read.
/// Levels shown to shoppers come from a short-lived copy of each item that every read and write here refreshes.
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
    private const int MaxNoteLength = 500;

    private readonly TableHandle _stock = new(storage, options.Value.StockTable);
    private readonly TableHandle _holds = new(storage, options.Value.HoldsTable);
    private readonly int _maxAttempts = options.Value.MaxConcurrencyAttempts;
    private readonly DisplayCopies _levels = new(TimeSpan.FromSeconds(options.Value.DisplayCacheSeconds));

    // The last version of each item row this process read or wrote, with its ETag: holds and settlements try their
    // conditional write on it first instead of reading the row again. A stale copy only costs a refused write (412)
    // and a read; it never overwrites anything.
    private readonly MemoryCache _items = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    private enum Settlement
    {
        Release,
        Convert,
    }

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
    /// Holds every line, then records the hold: the record is the commit point. The lines go first, all at once (each
    /// SKU is its own partition, and holding a line twice for one order holds it once), so a hold is two round trips.
    /// A record already there decides: the same hold recorded (a retry) or an earlier refusal is overwritten as held;
    /// a release or sale recorded first (a release that ran before this hold's record, see
    /// <see cref="ReleaseAsync"/>) wins, and the lines just held are given back. A taker that dies between the lines
    /// and the record leaves hold rows without a record: its retry records them, or the expiry sweep gives them back.
    /// </summary>
    public async Task<StockHoldResult> TryHoldAsync(string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        RequireOrderId(orderId);
        var merged = Merge(lines);
        var holds = await _holds.GetAsync(cancellationToken);
        var stock = await _stock.GetAsync(cancellationToken);
        var outcomes = await Task.WhenAll(merged.Select(line => HoldLineAsync(stock, orderId, line, expiresAt, cancellationToken)));
        var shortages = outcomes.OfType<StockShortage>().ToList();
        if (shortages.Count > 0)
        {
            // All or nothing: give back the lines held (a line short here has no hold row of this order).
            await SettleLinesAsync(stock, orderId, merged.Where((_, i) => outcomes[i] is null), Settlement.Release, cancellationToken);
            await RecordAsync(holds, orderId, merged, expiresAt, StockHoldState.Failed, cancellationToken);
            Log.HoldRefused(logger, orderId, string.Join(", ", shortages.Select(s => $"{s.Sku} {s.Requested}/{s.Available}")));
            return StockHoldResult.Refused(shortages);
        }

        try
        {
            await RecordAsync(holds, orderId, merged, expiresAt, StockHoldState.Held, cancellationToken);
        }
        catch (StockHeldElsewhereException ex)
        {
            // Recorded with other lines: give back only the SKUs this call added (the others were held before it).
            await SettleLinesAsync(stock, orderId, merged.Where(l => !ex.Lines.Any(o => o.Sku == l.Sku)), Settlement.Release, cancellationToken);
            throw new StockRuleException($"Order '{orderId}' already holds other lines.");
        }
        catch (StockRuleException)
        {
            // Released or sold before this hold was recorded: what this call holds must go back.
            await SettleLinesAsync(stock, orderId, merged, Settlement.Release, cancellationToken);
            throw;
        }

        Log.Held(logger, orderId, merged.Count);
        return StockHoldResult.Held;
    }

    /// <summary>
    /// Records the outcome of a hold (<paramref name="state"/>: Held or Failed) in the order's row: an insert, or,
    /// when the row exists, an overwrite of an earlier refusal. A row that says Held with the same lines is this hold
    /// recorded already; with other lines, <see cref="StockHeldElsewhereException"/>; released or sold, a
    /// <see cref="StockRuleException"/>. A refusal never overwrites a recorded hold.
    /// </summary>
    private async Task RecordAsync(TableClient holds, string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, StockHoldState state, CancellationToken cancellationToken)
    {
        var record = ToManifest(orderId, lines, expiresAt, state);
        for (var attempt = 1; ; attempt++)
        {
            var existing = attempt == 1 ? null : await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken);
            if (existing is null)
            {
                if (await TrySubmitAsync(holds, [new(TableTransactionActionType.Add, record)], cancellationToken) is null)
                {
                    return;
                }

                continue;
            }

            var hold = ToHold(existing);
            switch (hold.State)
            {
                case StockHoldState.Held when hold.Lines.SequenceEqual(lines) || state == StockHoldState.Failed:
                    return;
                case StockHoldState.Held:
                    throw new StockHeldElsewhereException(hold.Lines);
                case StockHoldState.Failed when state == StockHoldState.Failed:
                    return;
                case StockHoldState.Failed:
                    if (await TrySubmitAsync(holds, [new(TableTransactionActionType.UpdateReplace, record, existing.ETag)], cancellationToken) is null)
                    {
                        return;
                    }

                    await BackoffAsync(attempt, orderId, cancellationToken);
                    continue;
                default:
                    throw new StockRuleException($"The hold of order '{orderId}' is already {hold.State.ToString().ToUpperInvariant()}.");
            }
        }
    }

    /// <summary>
    /// Gives back the order's hold. An order with no recorded hold gets a record saying Released (and false is
    /// returned): a hold of the same order whose lines are being taken right now then finds the release recorded
    /// first and gives its lines back, so a release never loses to a hold that started before it.
    /// </summary>
    public async Task<bool> ReleaseAsync(string orderId, CancellationToken cancellationToken = default)
    {
        RequireOrderId(orderId);
        var holds = await _holds.GetAsync(cancellationToken);
        var manifest = await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken);
        if (manifest is null)
        {
            var tombstone = ToManifest(orderId, [], DateTimeOffset.MinValue, StockHoldState.Released);
            if (await TrySubmitAsync(holds, [new(TableTransactionActionType.Add, tombstone)], cancellationToken) is null)
            {
                return false;
            }

            manifest = await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken)
                ?? throw new StockRuleException($"The hold of order '{orderId}' changed while it was released; try again.");
        }

        var hold = ToHold(manifest);
        switch (hold.State)
        {
            case StockHoldState.Released or StockHoldState.Failed:
                return true;
            case StockHoldState.Converted or StockHoldState.Converting:
                throw new StockRuleException($"The hold of order '{orderId}' was sold and cannot be released.");
        }

        manifest = await TransitionAsync(holds, orderId, [StockHoldState.Held], StockHoldState.Releasing, manifest, cancellationToken);
        await SettleLinesAsync(await _stock.GetAsync(cancellationToken), orderId, hold.Lines, Settlement.Release, cancellationToken);
        await TransitionAsync(holds, orderId, [StockHoldState.Releasing], StockHoldState.Released, manifest, cancellationToken);
        Log.Released(logger, orderId);
        return true;
    }

    public async Task<bool> ConvertAsync(string orderId, CancellationToken cancellationToken = default)
    {
        RequireOrderId(orderId);
        var holds = await _holds.GetAsync(cancellationToken);
        var manifest = await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken);
        if (manifest is null)
        {
            return false;
        }

        var hold = ToHold(manifest);
        switch (hold.State)
        {
            case StockHoldState.Converted:
                return true;
            case StockHoldState.Released or StockHoldState.Releasing or StockHoldState.Failed:
                throw new StockRuleException($"The hold of order '{orderId}' was released and cannot be sold.");
        }

        manifest = await TransitionAsync(holds, orderId, [StockHoldState.Held], StockHoldState.Converting, manifest, cancellationToken);
        await SettleLinesAsync(await _stock.GetAsync(cancellationToken), orderId, hold.Lines, Settlement.Convert, cancellationToken);
        await TransitionAsync(holds, orderId, [StockHoldState.Converting], StockHoldState.Converted, manifest, cancellationToken);
        Log.Converted(logger, orderId);
        return true;
    }

    public async Task<StockHold?> GetHoldAsync(string orderId, CancellationToken cancellationToken = default)
    {
        RequireOrderId(orderId);
        var holds = await _holds.GetAsync(cancellationToken);
        var entity = await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken);
        return entity is null ? null : ToHold(entity);
    }

    public async Task<int> ReleaseExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var holds = await _holds.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"State eq {nameof(StockHoldState.Held)} and ExpiresAt lt {now}");
        var expired = new List<string>();
        await foreach (var entity in holds.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey"], cancellationToken))
        {
            expired.Add(entity.PartitionKey);
        }

        var released = 0;
        foreach (var orderId in expired)
        {
            try
            {
                if (await ReleaseAsync(orderId, cancellationToken))
                {
                    released++;
                }
            }
            catch (StockRuleException)
            {
                // Sold meanwhile: nothing to release.
            }
        }

        return released + await ReleaseUnrecordedAsync(holds, now, cancellationToken);
    }

    /// <summary>
    /// Gives back, at their expiry, hold rows whose hold was never recorded (the taker died between its lines and the
    /// record, and no retry came) or was recorded as refused or released. The missing record is first written as
    /// Released, so a taker still under way gives its lines back rather than record them.
    /// </summary>
    private async Task<int> ReleaseUnrecordedAsync(TableClient holds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stock = await _stock.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"RowKey ge {HoldRowPrefix} and RowKey lt {HoldRowEnd} and ExpiresAt lt {now}");
        var orphans = new List<(string Sku, string OrderId, int Quantity)>();
        await foreach (var row in stock.QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "OrderId", "Quantity"], cancellationToken))
        {
            orphans.Add((row.PartitionKey, row.GetString("OrderId") ?? string.Empty, row.GetInt32("Quantity") ?? 0));
        }

        var released = 0;
        foreach (var (sku, orderId, quantity) in orphans)
        {
            if (!OrderIdPattern().IsMatch(orderId) || quantity <= 0)
            {
                continue;
            }

            var record = await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken);
            if (record is null)
            {
                await ReleaseAsync(orderId, cancellationToken);
                record = await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken);
            }

            if (record is null || ToHold(record).State is not (StockHoldState.Failed or StockHoldState.Released))
            {
                // Recorded as held (its own expiry or settlement ends it) or being sold or released right now.
                continue;
            }

            await SettleLineAsync(stock, orderId, new StockHoldLine(sku, quantity), Settlement.Release, cancellationToken);
            released++;
        }

        return released;
    }

    public async Task<IReadOnlyList<StockDrift>> RepairHeldDriftAsync(CancellationToken cancellationToken = default)
    {
        var table = await _stock.GetAsync(cancellationToken);
        var recorded = new Dictionary<string, int>(StringComparer.Ordinal);
        var live = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Held", "Quantity"], cancellationToken: cancellationToken))
        {
            if (entity.RowKey == ItemRow)
            {
                recorded[entity.PartitionKey] = entity.GetInt32("Held") ?? 0;
            }
            else if (entity.RowKey.StartsWith(HoldRowPrefix, StringComparison.Ordinal))
            {
                live[entity.PartitionKey] = live.GetValueOrDefault(entity.PartitionKey) + (entity.GetInt32("Quantity") ?? 0);
            }
        }

        var drifts = new List<StockDrift>();
        foreach (var (sku, held) in recorded)
        {
            var holds = live.GetValueOrDefault(sku);
            if (holds == held)
            {
                continue;
            }

            // Item and hold rows change together in one transaction, so a difference is a defect or a manual edit: fix it
            // when the live holds fit in what is on hand, conditional on the row not having moved meanwhile.
            var current = await GetEntityAsync(table, sku, ItemRow, cancellationToken);
            var repaired = false;
            if (current is not null && (current.GetInt32("Held") ?? 0) == held && holds <= (current.GetInt32("OnHand") ?? 0))
            {
                var item = ToItem(current);
                var fixedItem = StockItem.Restore(sku, item.OnHand, holds, item.ReorderPoint, item.LeadTimeDays, item.Received, item.Sold);
                repaired = await TrySubmitAsync(table, [WriteItem(fixedItem, current)], cancellationToken) is null;
            }

            drifts.Add(new StockDrift(sku, held, holds, repaired));
        }

        return drifts;
    }

    /// <summary>
    /// Holds one line: null when held (now or by an earlier attempt of the same order), else the shortage. The first
    /// try is conditional on the copy of the item row known here (no read), else on a read.
    /// </summary>
    private async Task<StockShortage?> HoldLineAsync(TableClient table, string orderId, StockHoldLine line, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var copy = attempt == 1 ? KnownItem(line.Sku) : null;
            var fromCopy = copy is not null;
            var current = copy ?? await ReadItemAsync(table, line.Sku, cancellationToken);
            var item = current is null ? null : ToItem(current);
            if ((item is null || item.Available < line.Quantity) && fromCopy)
            {
                // Short on a copy: make sure of it from storage before refusing.
                fromCopy = false;
                current = await ReadItemAsync(table, line.Sku, cancellationToken);
                item = current is null ? null : ToItem(current);
            }

            if (item is null || item.Available < line.Quantity)
            {
                return await GetEntityAsync(table, line.Sku, HoldRowPrefix + orderId, cancellationToken) is null
                    ? new StockShortage(line.Sku, line.Quantity, Math.Max(item?.Available ?? 0, 0))
                    : null;
            }

            item.Hold(line.Quantity);
            var holdRow = new TableEntity(line.Sku, HoldRowPrefix + orderId)
            {
                ["OrderId"] = orderId,
                ["Quantity"] = line.Quantity,
                ["ExpiresAt"] = expiresAt,
                ["CreatedAt"] = time.GetUtcNow(),
            };
            var failure = await TrySubmitAsync(table, [WriteItem(item, current), new(TableTransactionActionType.Add, holdRow)], cancellationToken);
            if (failure is null)
            {
                return null;
            }

            if (failure == 409 && await GetEntityAsync(table, line.Sku, HoldRowPrefix + orderId, cancellationToken) is not null)
            {
                return null;
            }

            if (!fromCopy)
            {
                // Lost a race on the row as read from storage (a stale copy is simply read again).
                await BackoffAsync(attempt, line.Sku, cancellationToken);
            }
        }
    }

    private async Task SettleLinesAsync(TableClient table, string orderId, IEnumerable<StockHoldLine> lines, Settlement settlement, CancellationToken cancellationToken)
    {
        foreach (var line in lines)
        {
            await SettleLineAsync(table, orderId, line, settlement, cancellationToken);
        }
    }

    /// <summary>
    /// Ends the order's hold on one SKU (if it still has one): the item and the hold row change in one transaction. The
    /// hold row holds the manifest's quantity for the SKU (both are written from the same merged lines), so it is deleted
    /// without a read; a transaction refused for a missing row (404) finds the hold already settled.
    /// </summary>
    private async Task SettleLineAsync(TableClient table, string orderId, StockHoldLine line, Settlement settlement, CancellationToken cancellationToken)
    {
        var holdRow = new TableEntity(line.Sku, HoldRowPrefix + orderId);
        for (var attempt = 1; ; attempt++)
        {
            var copy = attempt == 1 ? KnownItem(line.Sku) : null;
            var current = copy ?? await ReadItemAsync(table, line.Sku, cancellationToken);
            if (current is null)
            {
                if (await GetEntityAsync(table, line.Sku, holdRow.RowKey, cancellationToken) is null)
                {
                    return;
                }

                throw new StockRuleException($"'{line.Sku}' has a hold for order '{orderId}' but no stock row.");
            }

            var item = ToItem(current);
            if (item.Held < line.Quantity)
            {
                // On a copy this may be stale; in storage it means the hold row is gone (settled) or the row was edited.
                if (copy is not null)
                {
                    continue;
                }

                if (await GetEntityAsync(table, line.Sku, holdRow.RowKey, cancellationToken) is null)
                {
                    return;
                }

                throw new StockRuleException($"'{line.Sku}' holds {item.Held} units, fewer than order '{orderId}' holds ({line.Quantity}).");
            }

            if (settlement == Settlement.Release)
            {
                item.Release(line.Quantity);
            }
            else
            {
                item.Convert(line.Quantity);
            }

            switch (await TrySubmitAsync(table, [WriteItem(item, current), new(TableTransactionActionType.Delete, holdRow, ETag.All)], cancellationToken))
            {
                case null:
                case 404 when await GetEntityAsync(table, line.Sku, holdRow.RowKey, cancellationToken) is null:
                    return;
            }

            if (copy is null)
            {
                // Lost a race on the row as read from storage (a stale copy is simply read again).
                await BackoffAsync(attempt, line.Sku, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Moves the order's hold from one of <paramref name="from"/> to <paramref name="to"/> (already there: nothing to do),
    /// trying first on <paramref name="known"/> (the manifest as last read or written here). Returns the manifest as
    /// written, with its ETag (null when it was already in <paramref name="to"/>).
    /// </summary>
    private async Task<TableEntity?> TransitionAsync(TableClient holds, string orderId, StockHoldState[] from, StockHoldState to, TableEntity? known, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entity = (attempt == 1 ? known : null) ?? await GetEntityAsync(holds, orderId, ManifestRow(orderId), cancellationToken)
                ?? throw new StockRuleException($"Order '{orderId}' has no hold.");
            var state = ToHold(entity).State;
            if (state == to)
            {
                return null;
            }

            if (!from.Contains(state))
            {
                throw new StockRuleException($"The hold of order '{orderId}' is {state.ToString().ToUpperInvariant()}, not {string.Join(" or ", from)}.");
            }

            var changed = new TableEntity(entity) { ["State"] = to.ToString(), ["UpdatedAt"] = time.GetUtcNow() };
            try
            {
                var response = await holds.UpdateEntityAsync(changed, entity.ETag, TableUpdateMode.Replace, cancellationToken);
                changed.ETag = response.Headers.ETag ?? default;
                return changed.ETag == default ? null : changed;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Moved by someone else since it was read: read it again.
            }

            await BackoffAsync(attempt, orderId, cancellationToken);
        }
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
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static StockItem ToItem(TableEntity entity) => StockItem.Restore(
        entity.PartitionKey,
        entity.GetInt32("OnHand") ?? 0,
        entity.GetInt32("Held") ?? 0,
        entity.GetInt32("ReorderPoint") ?? 0,
        entity.GetInt32("LeadTimeDays") ?? 0,
        entity.GetInt64("Received") ?? 0,
        entity.GetInt64("Sold") ?? 0);

    /// <summary>An order's row in the holds table: <c>hold.{orderId}</c> (unique in the table, see <see cref="TableKeys"/>).</summary>
    private static string ManifestRow(string orderId) => TableKeys.Row("hold", orderId);

    private TableEntity ToManifest(string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, StockHoldState state) => new(orderId, ManifestRow(orderId))
    {
        ["Lines"] = string.Join(';', lines.Select(l => l.Sku + "=" + l.Quantity.ToString(CultureInfo.InvariantCulture))),
        ["State"] = state.ToString(),
        ["ExpiresAt"] = expiresAt,
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static StockHold ToHold(TableEntity entity)
    {
        var lines = (entity.GetString("Lines") ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('='))
            .Select(p => new StockHoldLine(p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToList();
        return new StockHold(
            entity.PartitionKey,
            lines,
            entity.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
            Enum.Parse<StockHoldState>(entity.GetString("State") ?? nameof(StockHoldState.Held)));
    }

    private static List<StockHoldLine> Merge(IReadOnlyList<StockHoldLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            throw new ArgumentException("A hold needs at least one line.", nameof(lines));
        }

        var merged = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Quantity is <= 0 or > StockItem.MaxQuantity)
            {
                throw new ArgumentException($"A held quantity must be 1 to {StockItem.MaxQuantity}.", nameof(lines));
            }

            var sku = Skus.Normalize(line.Sku);
            merged[sku] = merged.GetValueOrDefault(sku) + line.Quantity;
        }

        return merged.Select(m => new StockHoldLine(m.Key, m.Value)).ToList();
    }

    private static void RequireOrderId(string orderId)
    {
        if (orderId is null || !OrderIdPattern().IsMatch(orderId))
        {
            throw new ArgumentException("An order id is 1 to 100 letters, digits, '-' or '_'.", nameof(orderId));
        }
    }

    /// <summary>A row-key suffix that sorts newest first and is unique.</summary>
    private string NewSequentialSuffix() =>
        (DateTimeOffset.MaxValue.UtcTicks - time.GetUtcNow().UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex OrderIdPattern();

    /// <summary>The order's hold is recorded with other lines than the ones asked for.</summary>
    private sealed class StockHeldElsewhereException(IReadOnlyList<StockHoldLine> lines) : Exception("The order's hold is recorded with other lines.")
    {
        public IReadOnlyList<StockHoldLine> Lines { get; } = lines;
    }

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

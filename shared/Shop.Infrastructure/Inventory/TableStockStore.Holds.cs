using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Shop.Domain.Catalog;
using Shop.Domain.Inventory;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Inventory;

/// <summary>Holds: taking an order's stock (lines first, then the order's hold record as the commit point), releasing and converting it.</summary>
internal sealed partial class TableStockStore
{
    private enum Settlement
    {
        Release,
        Convert,
    }

    /// <summary>
    /// Holds every line, then records the hold: the record is the commit point. Before any line, the hold's expiry row
    /// and its SKUs' held marks are written (<see cref="HoldIndex"/>: what the sweeps read), so no line is ever held
    /// where the sweeps cannot find it. The lines go first, all at once (each
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
        await Task.WhenAll(merged.Select(line => _index.MarkHeldAsync(line.Sku, cancellationToken))
            .Append(_index.RecordExpiryAsync(orderId, merged, expiresAt, cancellationToken)));
        var outcomes = await Task.WhenAll(merged.Select(line => HoldLineAsync(stock, orderId, line, expiresAt, cancellationToken)));
        var shortages = outcomes.OfType<StockShortage>().ToList();
        if (shortages.Count > 0)
        {
            // All or nothing: give back the lines held (a line short here has no hold row of this order).
            await SettleLinesAsync(stock, orderId, merged.Where((_, i) => outcomes[i] is null), Settlement.Release, cancellationToken);
            await RecordAsync(holds, orderId, merged, expiresAt, StockHoldState.Failed, cancellationToken);
            await _index.ForgetExpiryAsync(orderId, expiresAt, cancellationToken);
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

            List<TableTransactionAction> actions = [];
            if (settlement == Settlement.Release)
            {
                item.Release(line.Quantity);
            }
            else
            {
                // The day's sales row changes with the item in the same transaction: a sale is counted exactly once.
                item.Convert(line.Quantity, time.GetUtcNow());
                actions.Add(new(TableTransactionActionType.UpsertReplace, SalesRow(item)));
            }

            actions.Add(WriteItem(item, current));
            actions.Add(new(TableTransactionActionType.Delete, holdRow, ETag.All));
            switch (await TrySubmitAsync(table, actions, cancellationToken))
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

    /// <summary>An order's row in the holds table: <c>hold.{orderId}</c> (unique in the table, see <see cref="TableKeys"/>).</summary>
    private static string ManifestRow(string orderId) => TableKeys.Row("hold", orderId);

    private TableEntity ToManifest(string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, StockHoldState state) => new(orderId, ManifestRow(orderId))
    {
        ["Lines"] = HoldIndex.FormatLines(lines),
        ["State"] = state.ToString(),
        ["ExpiresAt"] = expiresAt,
        ["UpdatedAt"] = time.GetUtcNow(),
    };

    private static StockHold ToHold(TableEntity entity)
    {
        var lines = HoldIndex.ParseLines(entity.GetString("Lines"));
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
}

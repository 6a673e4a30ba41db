using Azure;
using Azure.Data.Tables;
using Shop.Domain.Inventory;

namespace Shop.Infrastructure.Inventory;

/// <summary>
/// The sweeps: expired holds given back (and lines whose hold record never landed), held stock recounted from the live
/// holds. Each reads an index (<see cref="HoldIndex"/>: the holds due, the SKUs with held stock) and point or key-range
/// reads of what it finds there, never the holds or stock tables whole, so its cost follows the live holds, not every
/// hold ever taken or every receipt.
/// </summary>
internal sealed partial class TableStockStore
{
    private volatile bool _indexed;

    public async Task<int> ReleaseExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var holds = await _holds.GetAsync(cancellationToken);
        await IndexLegacyHoldsAsync(holds, cancellationToken);
        var released = 0;
        foreach (var due in await _index.ReadDueAsync(now, cancellationToken))
        {
            released += await ReleaseDueAsync(holds, due, now, cancellationToken);
            await _index.DeleteExpiryAsync(due, cancellationToken);
        }

        return released;
    }

    /// <summary>
    /// Gives back a hold due (returns how many holds and orphan lines it gave back): recorded as held (or being
    /// released), it is released; with no record, a record saying Released is written first (so a taker still under
    /// way gives its lines back rather than record them) and, like a hold recorded as refused or released, whatever
    /// lines of the attempt are still held are given back. A hold recorded by another attempt with a later expiry waits
    /// for that attempt's own row; a sale is left alone.
    /// </summary>
    private async Task<int> ReleaseDueAsync(TableClient holds, ExpiringHold due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!OrderIdPattern().IsMatch(due.OrderId))
        {
            return 0;
        }

        var record = await GetEntityAsync(holds, due.OrderId, ManifestRow(due.OrderId), cancellationToken);
        switch (record is null ? null : ToHold(record))
        {
            case { State: StockHoldState.Held, ExpiresAt: var expiresAt } when expiresAt >= now:
                return 0;
            case { State: StockHoldState.Held or StockHoldState.Releasing }:
                try
                {
                    return await ReleaseAsync(due.OrderId, cancellationToken) ? 1 : 0;
                }
                catch (StockRuleException)
                {
                    return 0; // sold meanwhile
                }

            case { State: StockHoldState.Converting or StockHoldState.Converted }:
                return 0;
            case null:
                await ReleaseAsync(due.OrderId, cancellationToken);
                record = await GetEntityAsync(holds, due.OrderId, ManifestRow(due.OrderId), cancellationToken);
                if (record is null || ToHold(record).State is not (StockHoldState.Failed or StockHoldState.Released))
                {
                    return 0; // recorded as held or being settled right now: its own expiry or settlement ends it
                }

                break;
        }

        var stock = await _stock.GetAsync(cancellationToken);
        var released = 0;
        foreach (var line in due.Lines)
        {
            if (await GetEntityAsync(stock, line.Sku, HoldRowPrefix + due.OrderId, cancellationToken) is null)
            {
                continue;
            }

            await SettleLineAsync(stock, due.OrderId, line, Settlement.Release, cancellationToken);
            released++;
        }

        return released;
    }

    /// <summary>
    /// Corrects the held quantity of every SKU marked as held whose item row disagrees with its hold rows, and returns
    /// what differed. Each SKU is read on its own (its item row, then its hold rows: a key range), so a hold taken or
    /// given back between the two reads can show a difference that is not there (writing it would set held below the
    /// live holds and oversell): a SKU that differs is recounted consistently before anything is written or reported
    /// (<see cref="RecountHeldAsync"/>). A SKU with nothing held whose mark is old leaves the index.
    /// </summary>
    public async Task<IReadOnlyList<StockDrift>> RepairHeldDriftAsync(CancellationToken cancellationToken = default)
    {
        var holds = await _holds.GetAsync(cancellationToken);
        await IndexLegacyHoldsAsync(holds, cancellationToken);
        var table = await _stock.GetAsync(cancellationToken);
        var drifts = new List<StockDrift>();
        foreach (var mark in await _index.ReadHeldAsync(cancellationToken))
        {
            var sku = mark.RowKey;
            var item = await ReadItemAsync(table, sku, cancellationToken);
            var held = item?.GetInt32("Held") ?? 0;
            var live = await SumHoldRowsAsync(table, sku, cancellationToken);
            if (item is not null && held != live)
            {
                if (await RecountHeldAsync(table, sku, cancellationToken) is { } drift)
                {
                    drifts.Add(drift);
                }
            }
            else if (held == 0 && live == 0)
            {
                await _index.DropHeldIfStaleAsync(mark, cancellationToken);
            }
        }

        return drifts;
    }

    /// <summary>
    /// Once per index table (a marker row says it is done): indexes what was held before the indexes existed — the
    /// holds recorded as held or being settled, the hold rows of the stock table (lines whose record never landed
    /// among them), and the SKUs with held stock — with the one read of both tables this takes.
    /// </summary>
    private async Task IndexLegacyHoldsAsync(TableClient holds, CancellationToken cancellationToken)
    {
        if (_indexed || await _index.IsBackfilledAsync(cancellationToken))
        {
            _indexed = true;
            return;
        }

        var due = new Dictionary<(string OrderId, DateTimeOffset ExpiresAt), List<StockHoldLine>>();
        var filter = TableClient.CreateQueryFilter(
            $"State eq {nameof(StockHoldState.Held)} or State eq {nameof(StockHoldState.Releasing)} or State eq {nameof(StockHoldState.Converting)}");
        await foreach (var row in holds.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            var hold = ToHold(row);
            due[(hold.OrderId, hold.ExpiresAt)] = hold.Lines.ToList();
        }

        var stock = await _stock.GetAsync(cancellationToken);
        var heldSkus = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in stock.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey", "Held", "OrderId", "Quantity", "ExpiresAt"], cancellationToken: cancellationToken))
        {
            if (row.RowKey == ItemRow && (row.GetInt32("Held") ?? 0) > 0)
            {
                heldSkus.Add(row.PartitionKey);
            }
            else if (row.RowKey.StartsWith(HoldRowPrefix, StringComparison.Ordinal))
            {
                heldSkus.Add(row.PartitionKey);
                var key = (row.GetString("OrderId") ?? string.Empty, row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue);
                if (!due.TryGetValue(key, out var lines))
                {
                    due[key] = lines = [];
                }

                if (!lines.Any(l => l.Sku == row.PartitionKey))
                {
                    lines.Add(new StockHoldLine(row.PartitionKey, row.GetInt32("Quantity") ?? 0));
                }
            }
        }

        foreach (var ((orderId, expiresAt), lines) in due)
        {
            await _index.RecordExpiryAsync(orderId, lines, expiresAt, cancellationToken);
        }

        foreach (var sku in heldSkus)
        {
            await _index.MarkHeldAsync(sku, cancellationToken);
        }

        await _index.SetBackfilledAsync(cancellationToken);
        _indexed = true;
    }

    /// <summary>
    /// Recounts one SKU's held quantity: reads its item row, then its hold rows, and writes their sum as held only if
    /// the item row still has the ETag it was read with. Every change to a hold row commits in one transaction with a
    /// write of the item row (a hold in <see cref="HoldLineAsync"/>, a release or sale in <see cref="SettleLineAsync"/>),
    /// so an item row unchanged from its read to the write proves that the hold rows read in between were all the
    /// live holds: the sum is exact, and the write cannot undo a hold taken meanwhile. A refused write (a hold came
    /// or went) reads both again. Returns null when the two agree (the scan saw a change under way), else the drift:
    /// repaired, or not when the live holds exceed what is on hand, the stored row is itself broken, or the SKU kept
    /// changing through every attempt (then the figures are those of the last read).
    /// </summary>
    private async Task<StockDrift?> RecountHeldAsync(TableClient table, string sku, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ReadItemAsync(table, sku, cancellationToken);
            if (current is null)
            {
                return null;
            }

            var held = current.GetInt32("Held") ?? 0;
            var holds = await SumHoldRowsAsync(table, sku, cancellationToken);
            if (holds == held)
            {
                return null;
            }

            var corrected = Corrected(current, holds);
            if (corrected is null)
            {
                return new StockDrift(sku, held, holds, Repaired: false);
            }

            if (await TrySubmitAsync(table, [WriteItem(corrected, current)], cancellationToken) is null)
            {
                return new StockDrift(sku, held, holds, Repaired: true);
            }

            if (attempt >= _maxAttempts)
            {
                return new StockDrift(sku, held, holds, Repaired: false);
            }

            await BackoffAsync(attempt, sku, cancellationToken);
        }
    }

    /// <summary>The sum of the quantities of a SKU's hold rows.</summary>
    private static async Task<int> SumHoldRowsAsync(TableClient table, string sku, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {sku} and RowKey ge {HoldRowPrefix} and RowKey lt {HoldRowEnd}");
        var sum = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, ["Quantity"], cancellationToken))
        {
            sum += row.GetInt32("Quantity") ?? 0;
        }

        return sum;
    }

    /// <summary>The item row with <paramref name="held"/> as its held quantity, or null when that breaks the invariants (or the row already does).</summary>
    private static StockItem? Corrected(TableEntity current, int held)
    {
        var onHand = current.GetInt32("OnHand") ?? 0;
        if (held < 0 || held > onHand)
        {
            return null;
        }

        try
        {
            return StockItem.Restore(
                current.PartitionKey,
                onHand,
                held,
                current.GetInt32("ReorderPoint") ?? 0,
                current.GetInt32("LeadTimeDays") ?? 0,
                current.GetInt64("Received") ?? 0,
                current.GetInt64("Sold") ?? 0,
                SalesOf(current));
        }
        catch (StockRuleException)
        {
            return null;
        }
    }
}

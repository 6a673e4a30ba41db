using Azure;
using Azure.Data.Tables;
using Shop.Domain.Inventory;

namespace Shop.Infrastructure.Inventory;

/// <summary>The sweeps: expired holds given back (and lines whose hold record never landed), held stock recounted from the live holds.</summary>
internal sealed partial class TableStockStore
{
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

    /// <summary>
    /// Corrects the held quantity of every SKU whose item row disagrees with its hold rows, and returns what differed.
    /// The scan of the whole table only picks the SKUs to look at: it is read page by page, not as a snapshot, so a
    /// hold taken or given back between the page with a SKU's hold rows and the page with its item row shows a
    /// difference that is not there (writing it would set held below the live holds and oversell). Each SKU picked
    /// is recounted on its own, consistently, before anything is written or reported (<see cref="RecountHeldAsync"/>).
    /// </summary>
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
            if (live.GetValueOrDefault(sku) != held && await RecountHeldAsync(table, sku, cancellationToken) is { } drift)
            {
                drifts.Add(drift);
            }
        }

        return drifts;
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
                current.GetInt64("Sold") ?? 0);
        }
        catch (StockRuleException)
        {
            return null;
        }
    }
}

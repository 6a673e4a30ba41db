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
}

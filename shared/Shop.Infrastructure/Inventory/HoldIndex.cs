using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Shop.Domain.Inventory;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Inventory;

/// <summary>
/// What the stock sweeps read instead of whole tables, in a table of its own (<c>{holds table}index</c>), so that a
/// read of it costs the live holds on Azurite too, where any query reads its whole table:
/// <list type="bullet">
/// <item>The expiry index: partition <c>expiry.{yyyyMMdd}</c> of the day a hold expires, RowKey
/// <c>{expiry ticks}.{orderId}</c>, with the hold's lines. Written before the hold takes any line, so every hold row
/// in the stock table has one (a taker that dies after its lines leaves them findable at their expiry); the expired-hold
/// sweep reads the rows expiring before now (a key range: the holds due, not every hold ever taken) and deletes each
/// row once it has dealt with its hold.</item>
/// <item>The held SKUs: partition <c>skus.held</c>, RowKey = SKU, marked (<c>MarkedAt</c>) before a hold line is
/// taken, at most every <see cref="MarkEvery"/> per SKU and process. The drift repair reads this partition and each
/// SKU's hold rows, instead of the stock table with its receipts; it drops a SKU that has nothing held and was last
/// marked longer ago than <see cref="StaleAfter"/> (no taker can be between its mark and its line that long),
/// conditional on the row as read.</item>
/// </list>
/// </summary>
internal sealed class HoldIndex(StorageClientFactory storage, string tableName, TimeProvider time)
{
    /// <summary>How often a process marks a SKU it holds again (its marks in between are skipped).</summary>
    public static readonly TimeSpan MarkEvery = TimeSpan.FromMinutes(10);

    /// <summary>How old a mark must be before the drift repair may drop a SKU with nothing held.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    private const string ExpiryPrefix = "expiry.";
    private const string HeldPartition = "skus.held";
    private const string MetaPartition = "meta.index";
    private const string BackfillRow = "backfilled";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _marked = new(StringComparer.Ordinal);
    private readonly TableHandle _table = new(storage, tableName);

    /// <summary>Writes the expiry row of a hold about to be taken (before its lines).</summary>
    public async Task RecordExpiryAsync(string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var index = await _table.GetAsync(cancellationToken);
        await index.UpsertEntityAsync(
            new TableEntity(ExpiryPartition(expiresAt), ExpiryRow(expiresAt, orderId))
            {
                ["OrderId"] = orderId,
                ["ExpiresAt"] = expiresAt,
                ["Lines"] = FormatLines(lines),
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>Deletes the expiry row of a hold that took nothing (refused: its lines are all back).</summary>
    public async Task ForgetExpiryAsync(string orderId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await (await _table.GetAsync(cancellationToken)).DeleteEntityAsync(ExpiryPartition(expiresAt), ExpiryRow(expiresAt, orderId), ETag.All, cancellationToken);

    /// <summary>The expiry rows of holds due before <paramref name="now"/>: a read of the key range up to now.</summary>
    public async Task<IReadOnlyList<ExpiringHold>> ReadDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var index = await _table.GetAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {ExpiryPrefix} and PartitionKey le {ExpiryPartition(now)} and RowKey lt {Ticks(now)}");
        var due = new List<ExpiringHold>();
        await foreach (var row in index.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            due.Add(new ExpiringHold(
                row.GetString("OrderId") ?? string.Empty,
                row.GetDateTimeOffset("ExpiresAt") ?? DateTimeOffset.MinValue,
                ParseLines(row.GetString("Lines")),
                row.PartitionKey,
                row.RowKey));
        }

        return due;
    }

    public async Task DeleteExpiryAsync(ExpiringHold hold, CancellationToken cancellationToken) =>
        await (await _table.GetAsync(cancellationToken)).DeleteEntityAsync(hold.Partition, hold.Row, ETag.All, cancellationToken);

    /// <summary>Marks <paramref name="sku"/> as held (before a line is taken), unless this process did within <see cref="MarkEvery"/>.</summary>
    public async Task MarkHeldAsync(string sku, CancellationToken cancellationToken)
    {
        var index = await _table.GetAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (_marked.TryGetValue(sku, out var last) && now - last < MarkEvery)
        {
            return;
        }

        await index.UpsertEntityAsync(new TableEntity(HeldPartition, sku) { ["MarkedAt"] = now }, TableUpdateMode.Replace, cancellationToken);
        _marked[sku] = now;
    }

    /// <summary>The SKUs marked as held: a read of their one partition.</summary>
    public async Task<IReadOnlyList<TableEntity>> ReadHeldAsync(CancellationToken cancellationToken)
    {
        var index = await _table.GetAsync(cancellationToken);
        var marks = new List<TableEntity>();
        await foreach (var row in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {HeldPartition}"), 1000, cancellationToken: cancellationToken))
        {
            marks.Add(row);
        }

        return marks;
    }

    /// <summary>Drops a SKU's mark if it is older than <see cref="StaleAfter"/> and unchanged since it was read.</summary>
    public async Task DropHeldIfStaleAsync(TableEntity mark, CancellationToken cancellationToken)
    {
        var index = await _table.GetAsync(cancellationToken);
        if (time.GetUtcNow() - (mark.GetDateTimeOffset("MarkedAt") ?? DateTimeOffset.MinValue) < StaleAfter)
        {
            return;
        }

        try
        {
            await index.DeleteEntityAsync(HeldPartition, mark.RowKey, mark.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Marked again meanwhile: a hold is being taken.
        }
    }

    public async Task<bool> IsBackfilledAsync(CancellationToken cancellationToken) =>
        (await (await _table.GetAsync(cancellationToken)).GetEntityIfExistsAsync<TableEntity>(MetaPartition, BackfillRow, cancellationToken: cancellationToken)).HasValue;

    public async Task SetBackfilledAsync(CancellationToken cancellationToken) =>
        await (await _table.GetAsync(cancellationToken)).UpsertEntityAsync(new TableEntity(MetaPartition, BackfillRow) { ["At"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);

    public static string FormatLines(IEnumerable<StockHoldLine> lines) =>
        string.Join(';', lines.Select(l => l.Sku + "=" + l.Quantity.ToString(CultureInfo.InvariantCulture)));

    public static List<StockHoldLine> ParseLines(string? text) => (text ?? string.Empty)
        .Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(part => part.Split('='))
        .Select(p => new StockHoldLine(p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))
        .ToList();

    private static string ExpiryPartition(DateTimeOffset at) => ExpiryPrefix + at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string ExpiryRow(DateTimeOffset at, string orderId) => Ticks(at) + "." + orderId;

    private static string Ticks(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);
}

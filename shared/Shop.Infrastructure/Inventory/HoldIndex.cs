using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Shop.Domain.Inventory;

namespace Shop.Infrastructure.Inventory;

/// <summary>
/// What the stock sweeps read instead of whole tables, kept in the holds table beside the holds (order ids and SKUs
/// have no dots, so these partitions never meet an order's):
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
internal sealed class HoldIndex(TimeProvider time)
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

    /// <summary>Writes the expiry row of a hold about to be taken (before its lines).</summary>
    public async Task RecordExpiryAsync(TableClient holds, string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await holds.UpsertEntityAsync(
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
    public async Task ForgetExpiryAsync(TableClient holds, string orderId, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await holds.DeleteEntityAsync(ExpiryPartition(expiresAt), ExpiryRow(expiresAt, orderId), ETag.All, cancellationToken);

    /// <summary>The expiry rows of holds due before <paramref name="now"/>: a read of the key range up to now.</summary>
    public async Task<IReadOnlyList<ExpiringHold>> ReadDueAsync(TableClient holds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {ExpiryPrefix} and PartitionKey le {ExpiryPartition(now)} and RowKey lt {Ticks(now)}");
        var due = new List<ExpiringHold>();
        await foreach (var row in holds.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
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

    public static async Task DeleteExpiryAsync(TableClient holds, ExpiringHold hold, CancellationToken cancellationToken) =>
        await holds.DeleteEntityAsync(hold.Partition, hold.Row, ETag.All, cancellationToken);

    /// <summary>Marks <paramref name="sku"/> as held (before a line is taken), unless this process did within <see cref="MarkEvery"/>.</summary>
    public async Task MarkHeldAsync(TableClient holds, string sku, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_marked.TryGetValue(sku, out var last) && now - last < MarkEvery)
        {
            return;
        }

        await holds.UpsertEntityAsync(new TableEntity(HeldPartition, sku) { ["MarkedAt"] = now }, TableUpdateMode.Replace, cancellationToken);
        _marked[sku] = now;
    }

    /// <summary>The SKUs marked as held: a read of their one partition.</summary>
    public static async Task<IReadOnlyList<TableEntity>> ReadHeldAsync(TableClient holds, CancellationToken cancellationToken)
    {
        var marks = new List<TableEntity>();
        await foreach (var row in holds.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {HeldPartition}"), 1000, cancellationToken: cancellationToken))
        {
            marks.Add(row);
        }

        return marks;
    }

    /// <summary>Drops a SKU's mark if it is older than <see cref="StaleAfter"/> and unchanged since it was read.</summary>
    public async Task DropHeldIfStaleAsync(TableClient holds, TableEntity mark, CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - (mark.GetDateTimeOffset("MarkedAt") ?? DateTimeOffset.MinValue) < StaleAfter)
        {
            return;
        }

        try
        {
            await holds.DeleteEntityAsync(HeldPartition, mark.RowKey, mark.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Marked again meanwhile: a hold is being taken.
        }
    }

    public static async Task<bool> IsBackfilledAsync(TableClient holds, CancellationToken cancellationToken) =>
        (await holds.GetEntityIfExistsAsync<TableEntity>(MetaPartition, BackfillRow, cancellationToken: cancellationToken)).HasValue;

    public async Task SetBackfilledAsync(TableClient holds, CancellationToken cancellationToken) =>
        await holds.UpsertEntityAsync(new TableEntity(MetaPartition, BackfillRow) { ["At"] = time.GetUtcNow() }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>True for rows of the indexes (not an order's hold).</summary>
    public static bool IsIndexPartition(string partitionKey) => partitionKey.Contains('.', StringComparison.Ordinal);

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

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Reviews;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Reviews;

/// <summary>
/// Reviews in one table, kept twice, and a rating rollup per product, without a scan anywhere:
/// <list type="bullet">
/// <item>by order (the record): partition <c>order.{orderId}</c>, one row <c>reviews.order.{orderId}</c> holding the
/// review of each line (a point read answers "has this order been reviewed?" and finds a line's review to edit);</item>
/// <item>by product (what shoppers read): partition <c>sku.{SKU}</c>, one row per visible review keyed by its public id
/// <c>{inverted creation ticks}-{hash}</c> (newest first; a page is a key-range read of the partition), beside the
/// product's rollup row <c>rating.sku.{SKU}</c> (count and sum of stars) and the hidden reviews' rows <c>hidden.{id}</c>.</item>
/// </list>
/// A review is written to its order row first (ETag-conditional), then applied to its product partition in one
/// entity-group transaction that changes the listed row and the rollup together, conditional on both as read: the
/// listed row holds exactly the rating the rollup counts, so a new review adds one, an edit replaces its old rating, a
/// hidden one leaves both, and a write applied already (a retried request, a redelivered message) changes nothing
/// (each review carries a version; an older one is never applied over a newer). A write that stopped between the two
/// steps is finished by the next write of that review.
/// </summary>
public sealed class ReviewStore(StorageClientFactory storage, IOptions<ReviewOptions> options)
{
    private const int MaxAttempts = 20;
    private const string ListedEnd = ":"; // listed rows' keys are digits and '-': they sort before ':'

    private readonly TableHandle _table = new(storage, options.Value.Table);

    /// <summary>Writes the review of line <paramref name="sku"/> of <paramref name="orderId"/> (a new one, or an edit); the same content again changes nothing.</summary>
    public async Task<Review> SaveAsync(string orderId, string sku, ReviewContent content, string authorName, bool verified, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(content);
        var line = Skus.Normalize(sku);
        var table = await _table.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await ReadOrderRowAsync(table, orderId, cancellationToken);
            var lines = stored is null ? new Dictionary<string, StoredReview>(StringComparer.Ordinal) : Lines(stored);
            lines.TryGetValue(line, out var existing);
            var review = existing switch
            {
                null => new StoredReview(NewId(orderId, line, now), content.Rating, content.Title, content.Body, authorName, verified, now, now, 1, false),
                _ when existing.Rating == content.Rating && existing.Title == content.Title && existing.Body == content.Body => existing,
                _ => existing with { Rating = content.Rating, Title = content.Title, Body = content.Body, UpdatedAt = now, Version = existing.Version + 1 },
            };

            if (!ReferenceEquals(review, existing))
            {
                lines[line] = review;
                if (!await TryWriteOrderRowAsync(table, orderId, stored, lines, cancellationToken))
                {
                    RequireAttempt(attempt);
                    continue;
                }
            }

            await ApplyAsync(table, line, orderId, review, cancellationToken);
            return ToReview(line, orderId, review);
        }
    }

    /// <summary>The review of one order line, or null.</summary>
    public async Task<Review?> GetAsync(string orderId, string sku, CancellationToken cancellationToken = default)
    {
        var line = Skus.Normalize(sku);
        var table = await _table.GetAsync(cancellationToken);
        return await ReadOrderRowAsync(table, orderId, cancellationToken) is { } row && Lines(row).TryGetValue(line, out var review)
            ? ToReview(line, orderId, review)
            : null;
    }

    /// <summary>True when any line of the order has a review (one point read).</summary>
    public async Task<bool> HasAnyAsync(string orderId, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        return await ReadOrderRowAsync(table, orderId, cancellationToken) is { } row && Lines(row).Count > 0;
    }

    /// <summary>The product's rating rollup (one point read).</summary>
    public async Task<RatingSummary> GetSummaryAsync(string sku, CancellationToken cancellationToken = default)
    {
        if (!Skus.TryNormalize(sku, out var line))
        {
            return RatingSummary.None;
        }

        var table = await _table.GetAsync(cancellationToken);
        var rollup = await ReadAsync(table, ProductPartition(line), RollupRow(line), cancellationToken);
        return rollup is null ? RatingSummary.None : new RatingSummary((int)(rollup.GetInt64("Count") ?? 0), rollup.GetInt64("Total") ?? 0);
    }

    /// <summary>A page of the product's visible reviews, newest first, after the review id <paramref name="after"/>.</summary>
    public async Task<ReviewPage> ListAsync(string sku, int pageSize, string? after, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var line = Skus.Normalize(sku);
        var table = await _table.GetAsync(cancellationToken);
        var partition = ProductPartition(line);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {ListedEnd}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {ListedEnd}");
        var items = new List<Review>(pageSize + 1);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, pageSize + 1, cancellationToken: cancellationToken))
        {
            items.Add(ToReview(line, entity.GetString("OrderId") ?? string.Empty, FromListed(entity)));
            if (items.Count > pageSize)
            {
                break;
            }
        }

        if (items.Count <= pageSize)
        {
            return new ReviewPage(items, null);
        }

        items.RemoveAt(pageSize);
        return new ReviewPage(items, items[^1].Id);
    }

    /// <summary>Hides a review: it leaves the product's list and rollup (for good; an edit keeps it hidden). Null when there is no such review.</summary>
    public async Task<Review?> HideAsync(string sku, string reviewId, CancellationToken cancellationToken = default)
    {
        if (!Skus.TryNormalize(sku, out var line) || !IsReviewId(reviewId))
        {
            return null;
        }

        var table = await _table.GetAsync(cancellationToken);
        var partition = ProductPartition(line);
        var listed = await ReadAsync(table, partition, reviewId, cancellationToken)
            ?? await ReadAsync(table, partition, HiddenRow(reviewId), cancellationToken);
        if (listed?.GetString("OrderId") is not { } orderId)
        {
            return null;
        }

        for (var attempt = 1; ; attempt++)
        {
            var stored = await ReadOrderRowAsync(table, orderId, cancellationToken);
            var lines = stored is null ? new Dictionary<string, StoredReview>(StringComparer.Ordinal) : Lines(stored);
            var review = lines.GetValueOrDefault(line) ?? FromListed(listed);
            if (!review.Hidden)
            {
                review = review with { Hidden = true, Version = review.Version + 1 };
                lines[line] = review;
                if (!await TryWriteOrderRowAsync(table, orderId, stored, lines, cancellationToken))
                {
                    RequireAttempt(attempt);
                    continue;
                }
            }

            await ApplyAsync(table, line, orderId, review, cancellationToken);
            return ToReview(line, orderId, review);
        }
    }

    /// <summary>
    /// Brings the product partition in line with <paramref name="review"/>: the listed row and the rollup change in one
    /// transaction, conditional on both as read; nothing is done when the partition has this version or a newer one.
    /// </summary>
    private static async Task ApplyAsync(TableClient table, string sku, string orderId, StoredReview review, CancellationToken cancellationToken)
    {
        var partition = ProductPartition(sku);
        for (var attempt = 1; ; attempt++)
        {
            var listedTask = ReadAsync(table, partition, review.Id, cancellationToken);
            var rollupTask = ReadAsync(table, partition, RollupRow(sku), cancellationToken);
            var (listed, rollup) = (await listedTask, await rollupTask);
            var listedVersion = listed?.GetInt32("Version") ?? 0;
            var actions = new List<TableTransactionAction>(3);
            int countChange;
            long totalChange;
            if (review.Hidden)
            {
                if (listed is null)
                {
                    return;
                }

                actions.Add(new(TableTransactionActionType.Delete, listed, listed.ETag));
                actions.Add(new(TableTransactionActionType.UpsertReplace, ToListed(partition, HiddenRow(review.Id), orderId, review)));
                (countChange, totalChange) = (-1, -(listed.GetInt32("Rating") ?? 0));
            }
            else if (listed is null)
            {
                actions.Add(new(TableTransactionActionType.Add, ToListed(partition, review.Id, orderId, review)));
                (countChange, totalChange) = (1, review.Rating);
            }
            else if (listedVersion >= review.Version)
            {
                return;
            }
            else
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, ToListed(partition, review.Id, orderId, review), listed.ETag));
                (countChange, totalChange) = (0, review.Rating - (listed.GetInt32("Rating") ?? 0));
            }

            var count = (rollup?.GetInt64("Count") ?? 0) + countChange;
            var total = (rollup?.GetInt64("Total") ?? 0) + totalChange;
            var newRollup = new TableEntity(partition, RollupRow(sku)) { ["Count"] = Math.Max(count, 0), ["Total"] = Math.Max(total, 0) };
            actions.Add(rollup is null
                ? new(TableTransactionActionType.Add, newRollup)
                : new(TableTransactionActionType.UpdateReplace, newRollup, rollup.ETag));
            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another write of this product's reviews came first: read again.
            }
        }
    }

    private static async Task<TableEntity?> ReadOrderRowAsync(TableClient table, string orderId, CancellationToken cancellationToken) =>
        await ReadAsync(table, OrderPartition(orderId), TableKeys.Row("reviews", OrderPartition(orderId)), cancellationToken);

    private static async Task<bool> TryWriteOrderRowAsync(TableClient table, string orderId, TableEntity? stored, Dictionary<string, StoredReview> lines, CancellationToken cancellationToken)
    {
        var partition = OrderPartition(orderId);
        var entity = new TableEntity(partition, TableKeys.Row("reviews", partition)) { ["Lines"] = JsonSerializer.Serialize(lines, Json) };
        try
        {
            if (stored is null)
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(entity, stored.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static async Task<TableEntity?> ReadAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    private static Dictionary<string, StoredReview> Lines(TableEntity row) =>
        JsonSerializer.Deserialize<Dictionary<string, StoredReview>>(row.GetString("Lines") ?? "{}", Json) ?? new(StringComparer.Ordinal);

    private static TableEntity ToListed(string partition, string row, string orderId, StoredReview r) => new(partition, row)
    {
        ["OrderId"] = orderId,
        ["ReviewId"] = r.Id,
        ["Rating"] = r.Rating,
        ["Title"] = r.Title,
        ["Body"] = r.Body,
        ["AuthorName"] = r.AuthorName,
        ["Verified"] = r.Verified,
        ["CreatedAt"] = r.CreatedAt,
        ["UpdatedAt"] = r.UpdatedAt,
        ["Version"] = r.Version,
        ["Hidden"] = r.Hidden,
    };

    private static StoredReview FromListed(TableEntity e) => new(
        e.GetString("ReviewId") ?? e.RowKey,
        e.GetInt32("Rating") ?? 0,
        e.GetString("Title") ?? string.Empty,
        e.GetString("Body") ?? string.Empty,
        e.GetString("AuthorName") ?? string.Empty,
        e.GetBoolean("Verified") ?? false,
        e.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.UnixEpoch,
        e.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.UnixEpoch,
        e.GetInt32("Version") ?? 1,
        e.GetBoolean("Hidden") ?? false);

    private static Review ToReview(string sku, string orderId, StoredReview r) =>
        new(r.Id, sku, orderId, new ReviewContent(r.Rating, r.Title, r.Body), r.AuthorName, r.Verified, r.CreatedAt, r.UpdatedAt, r.Hidden);

    /// <summary>
    /// A review's public id: its creation time inverted (newest sorts first) and a hash of its order line, so it is
    /// unique, stable across edits, and tells nothing about the order.
    /// </summary>
    private static string NewId(string orderId, string sku, DateTimeOffset createdAt)
    {
        var inverted = (DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{orderId}|{sku}")))[..16];
        return $"{inverted}-{hash}";
    }

    /// <summary>True when <paramref name="id"/> has the shape of a review id (19 digits, '-', 16 hex).</summary>
    public static bool IsReviewId(string? id) =>
        id is { Length: 36 } && id[19] == '-' && id[..19].All(char.IsAsciiDigit) && id[20..].All(char.IsAsciiHexDigitLower);

    private static string OrderPartition(string orderId) => "order." + orderId;

    private static string ProductPartition(string sku) => "sku." + sku;

    private static string RollupRow(string sku) => TableKeys.Row("rating", ProductPartition(sku));

    private static string HiddenRow(string reviewId) => "hidden." + reviewId;

    private static void RequireAttempt(int attempt)
    {
        if (attempt >= MaxAttempts)
        {
            throw new RequestFailedException(412, $"The review changed {MaxAttempts} times while it was written; try again.");
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record StoredReview(
        string Id,
        int Rating,
        string Title,
        string Body,
        string AuthorName,
        bool Verified,
        DateTimeOffset CreatedAt,
        DateTimeOffset UpdatedAt,
        int Version,
        bool Hidden);
}

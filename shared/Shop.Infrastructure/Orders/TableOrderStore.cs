using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Orders;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Orders;

/// <summary>
/// Orders in one table: PartitionKey = placement day (<c>yyyyMMdd</c>, from the order id), RowKey = order id,
/// so reading an order is a point read and the admin listing reads only the days asked for. One row per email
/// (PartitionKey <c>email-{sha256}</c>, RowKey <c>placements.{PartitionKey}</c>) lists its recent orders for the orders-per-hour fraud
/// rule, so that rule is a point read and a conditional write however many orders the table holds.
/// The last version of each order this process stored or read is kept in memory with its ETag (bounded): the
/// workflow's steps start from it instead of reading the row again, and every save is conditional on it.
/// </summary>
internal sealed class TableOrderStore(StorageClientFactory storage, IOptions<OrdersOptions> options) : IOrderStore, IDisposable
{
    private const string PlacementsProperty = "Placements";
    private const int MaxPlacementAttempts = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly MemoryCacheEntryOptions Kept = new() { Size = 1, SlidingExpiration = TimeSpan.FromMinutes(10) };
    private readonly TableHandle _table = new(storage, options.Value.OrdersTable);
    private readonly MemoryCache _latest = new(new MemoryCacheOptions { SizeLimit = options.Value.CachedOrders });
    private readonly Dictionary<string, Watch> _watches = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _creating = new(StringComparer.Ordinal);

    public async Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (!OrderIds.TryParse(orderId, out var day))
        {
            return null;
        }

        var table = await _table.GetAsync(cancellationToken);
        var readFrom = Environment.TickCount64;
        var entity = await table.GetEntityIfExistsAsync<TableEntity>(DayKey(day), orderId, cancellationToken: cancellationToken);
        if (!entity.HasValue)
        {
            return null;
        }

        Remember(entity.Value!, entity.Value!.ETag, readFrom);
        return FromEntity(entity.Value!);
    }

    public async Task<Order?> GetLatestAsync(string orderId, CancellationToken cancellationToken = default)
    {
        if (!_latest.TryGetValue(orderId, out Version? known) && _creating.TryGetValue(orderId, out var creating))
        {
            // Being stored by this process right now: its version is the one to start from (no read of a row that
            // may not be there yet).
            try
            {
                await creating.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // The insert failed or was cancelled with its request: read what storage has.
            }

            _latest.TryGetValue(orderId, out known);
        }

        return known is not null ? FromEntity(known.Entity) : await GetAsync(orderId, cancellationToken);
    }

    public async Task<Order?> GetRecentAsync(string orderId, TimeSpan maxAge, CancellationToken cancellationToken = default) =>
        _latest.TryGetValue(orderId, out Version? known) && Environment.TickCount64 - known!.SeenAt < maxAge.TotalMilliseconds
            ? FromEntity(known.Entity)
            : await GetAsync(orderId, cancellationToken);

    public async Task CreateAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var creating = InsertAsync(order, cancellationToken);
        _creating[order.Id] = creating;
        try
        {
            await creating;
        }
        finally
        {
            _creating.TryRemove(new KeyValuePair<string, Task>(order.Id, creating));
        }
    }

    private async Task InsertAsync(Order order, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = ToEntity(order);
        try
        {
            var added = await table.AddEntityAsync(entity, cancellationToken);
            Remember(entity, added.Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Already stored by an earlier attempt of the same checkout.
        }
    }

    public async Task SaveAsync(Order order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var table = await _table.GetAsync(cancellationToken);
        var entity = ToEntity(order);
        Response saved;
        if (_latest.TryGetValue(order.Id, out Version? known) && known!.ETag != default)
        {
            try
            {
                saved = await table.UpdateEntityAsync(entity, known.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Another process changed the order since this one saw it: forget this copy; the caller's retry reads afresh.
                _latest.Remove(order.Id);
                throw;
            }
        }
        else
        {
            saved = await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
        }

        Remember(entity, saved.Headers.ETag ?? default);
    }

    public void Dispose() => _latest.Dispose();

    public async Task WhenSeenAgainAsync(string orderId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orderId);
        Watch watch;
        lock (_watches)
        {
            if (!_watches.TryGetValue(orderId, out watch!))
            {
                _watches[orderId] = watch = new Watch();
            }

            watch.Waiters++;
        }

        try
        {
            await watch.Seen.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_watches)
            {
                if (--watch.Waiters == 0 && _watches.TryGetValue(orderId, out var current) && current == watch)
                {
                    _watches.Remove(orderId);
                }
            }
        }
    }

    /// <param name="readFrom">For a read, when it started: a version this process saved (or read) since then may be
    /// newer than what the read returns, and is kept, so a slow read never makes the workflow's next save conditional
    /// on an older version (a 412 and a retried step).</param>
    private void Remember(TableEntity entity, ETag etag, long? readFrom = null)
    {
        if (etag == default)
        {
            _latest.Remove(entity.RowKey);
        }
        else if (readFrom is not { } started || !_latest.TryGetValue(entity.RowKey, out Version? known) || known!.SeenAt < started)
        {
            _latest.Set(entity.RowKey, new Version(entity, etag, Environment.TickCount64), Kept);
        }

        // Only now wake those waiting to see the order again: they read the version just kept.
        Watch? watch;
        lock (_watches)
        {
            _watches.Remove(entity.RowKey, out watch);
        }

        watch?.Seen.TrySetResult();
    }

    public async Task<OrderPage> ListAsync(OrderStatus? status, DateOnly from, DateOnly to, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var filter = status is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey ge {DayKey(from)} and PartitionKey le {DayKey(to)} and Status eq {s.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey ge {DayKey(from)} and PartitionKey le {DayKey(to)}");
        var token = DecodeToken(continuationToken);
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(token, pageSize))
        {
            return new OrderPage(page.Values.Select(FromEntity).ToList(), EncodeToken(page.ContinuationToken));
        }

        return new OrderPage([], null);
    }

    public async Task<int> RecordPlacementByEmailAsync(string email, string orderId, DateTimeOffset placedAt, TimeSpan window, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var table = await _table.GetAsync(cancellationToken);
        var partition = EmailKey(email);
        var rowKey = TableKeys.Row("placements", partition);
        for (var attempt = 1; ; attempt++)
        {
            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, cancellationToken: cancellationToken);
            var placements = row.HasValue ? EmailPlacements.Parse(row.Value!.GetString(PlacementsProperty)) : new EmailPlacements([]);
            if (placements.Contains(orderId))
            {
                return placements.CountOthers(orderId, placedAt - window);
            }

            var updated = placements.With(orderId, placedAt, window);
            var entity = new TableEntity(partition, rowKey) { [PlacementsProperty] = updated.ToString() };
            try
            {
                if (row.HasValue)
                {
                    await table.UpdateEntityAsync(entity, row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                }

                return updated.CountOthers(orderId, placedAt - window);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < MaxPlacementAttempts)
            {
                // Another order of this email was recorded first: read it and count it.
            }
        }
    }

    /// <summary>Those waiting to see an order again (see <see cref="WhenSeenAgainAsync"/>).</summary>
    private sealed class Watch
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Waiters { get; set; }
    }

    /// <summary>A stored version of an order row (never changed once kept) and when this process last saw it (ms ticks).</summary>
    private sealed record Version(TableEntity Entity, ETag ETag, long SeenAt);

    private static string DayKey(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string EmailKey(string email) =>
        "email-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())));

    private static string? EncodeToken(string? token) =>
        token is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
        }
        catch (FormatException)
        {
            throw new FieldValidationException("continuationToken", "The continuation token is not valid.");
        }
    }

    private static TableEntity ToEntity(Order order)
    {
        if (!OrderIds.TryParse(order.Id, out var day))
        {
            throw new ArgumentException($"'{order.Id}' is not an order id.", nameof(order));
        }

        return new TableEntity(DayKey(day), order.Id)
        {
            ["Status"] = order.Status.ToString(),
            ["CartId"] = order.CartId,
            ["Email"] = order.Email,
            ["PaymentMethod"] = order.PaymentMethod,
            ["PlacedAt"] = order.PlacedAt,
            ["Currency"] = order.Totals.Total.Currency,
            ["SubtotalMinor"] = order.Totals.Subtotal.MinorUnits,
            ["ShippingMinor"] = order.Totals.Shipping.MinorUnits,
            ["TaxMinor"] = order.Totals.Tax.MinorUnits,
            ["TotalMinor"] = order.Totals.Total.MinorUnits,
            ["Lines"] = JsonSerializer.Serialize(OrderRecord.ToLines(order), Json),
            ["Address"] = JsonSerializer.Serialize(order.ShippingAddress, Json),
            ["Timeline"] = JsonSerializer.Serialize(OrderRecord.ToEvents(order), Json),
            ["Reason"] = order.Reason,
            ["PaymentId"] = order.PaymentId,
            ["PaymentRecovery"] = order.PaymentRecovery?.ToString(),
            ["PaymentAction"] = order.PaymentAction is { } action ? JsonSerializer.Serialize(action, Json) : null,
            ["Carrier"] = order.Carrier,
            ["TrackingNumber"] = order.TrackingNumber,
        };
    }

    private static Order FromEntity(TableEntity entity)
    {
        var currency = entity.GetString("Currency");
        Money M(string name) => Money.FromMinorUnits(entity.GetInt64(name) ?? 0, currency);
        return Order.Restore(
            entity.RowKey,
            entity.GetString("CartId"),
            entity.GetString("Email"),
            JsonSerializer.Deserialize<ShippingAddress>(entity.GetString("Address"), Json)!,
            OrderRecord.FromLines(JsonSerializer.Deserialize<OrderRecord.Line[]>(entity.GetString("Lines"), Json)!, currency),
            new OrderTotals(M("SubtotalMinor"), M("ShippingMinor"), M("TaxMinor"), M("TotalMinor")),
            entity.GetString("PaymentMethod"),
            entity.GetDateTimeOffset("PlacedAt") ?? DateTimeOffset.MinValue,
            Enum.Parse<OrderStatus>(entity.GetString("Status")),
            OrderRecord.FromEvents(JsonSerializer.Deserialize<OrderRecord.Event[]>(entity.GetString("Timeline"), Json)!),
            entity.GetString("Reason"),
            entity.GetString("PaymentId"),
            entity.GetString("Carrier"),
            entity.GetString("TrackingNumber"),
            entity.GetString("PaymentRecovery") is { } recovery ? Enum.Parse<PaymentRecovery>(recovery) : null,
            entity.GetString("PaymentAction") is { } action ? JsonSerializer.Deserialize<PaymentAction>(action, Json) : null);
    }
}

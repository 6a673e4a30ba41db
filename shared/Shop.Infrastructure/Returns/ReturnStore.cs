using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Returns;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Returns;

/// <summary>
/// Returns in Table storage, in one partition (<c>returns</c>), as the pick lists are: a row per order
/// (<c>order.{orderId}</c>) holding all its returns — what a request checks against and a step reads, one point read —
/// and beside it a copy of each return in its status's index (<c>status.{status}.{requested ticks}.{returnId}</c>,
/// oldest first), which is what listing by status reads: a key range holding the returns in that status, never the
/// whole table. The order row and the index rows of the returns that changed are written in one entity-group
/// transaction conditional on the order row's ETag, so they never disagree, and of two concurrent requests for one
/// order the second reads again and is checked against the first (one open return per line).
/// </summary>
public sealed class ReturnStore(StorageClientFactory storage, IOptions<ReturnsOptions> options)
{
    private const string Partition = "returns";
    private const string OrderPrefix = "order.";
    private const string IndexPrefix = "status.";
    private const int MaxAttempts = 20;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly TableHandle _table = new(storage, options.Value.Table);

    /// <summary>The order's returns (none when it has none).</summary>
    public async Task<OrderReturns> GetAsync(string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var table = await _table.GetAsync(cancellationToken);
        var (returns, _) = await ReadAsync(table, orderId, cancellationToken);
        return new OrderReturns(orderId, returns.Select(r => r.ToReturn()));
    }

    /// <summary>One return by id, or null.</summary>
    public async Task<ReturnRequest?> FindAsync(string returnId, CancellationToken cancellationToken = default) =>
        OrderReturns.OrderIdOf(returnId) is { } orderId ? (await GetAsync(orderId, cancellationToken)).Find(returnId) : null;

    /// <summary>
    /// Reads the order's returns, applies <paramref name="change"/> (false: nothing to save) and saves them with the
    /// index rows of the returns that changed, conditional on what was read; a writer that lost a race reads again and
    /// applies the change to the newer returns. Exceptions of the change propagate (nothing is saved).
    /// </summary>
    public async Task<OrderReturns> UpdateAsync(string orderId, Func<OrderReturns, bool> change, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(change);
        var table = await _table.GetAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var (stored, etag) = await ReadAsync(table, orderId, cancellationToken);
            var returns = new OrderReturns(orderId, stored.Select(r => r.ToReturn()));
            if (!change(returns))
            {
                return returns;
            }

            var before = stored.ToDictionary(r => r.Id, StringComparer.Ordinal);
            var after = returns.Returns.Select(StoredReturn.From).ToList();
            var orderRow = new TableEntity(Partition, OrderPrefix + orderId)
            {
                ["OrderId"] = orderId,
                ["Returns"] = JsonSerializer.Serialize(after, Json),
            };
            var actions = new List<TableTransactionAction>
            {
                etag is { } version ? new(TableTransactionActionType.UpdateReplace, orderRow, version) : new(TableTransactionActionType.Add, orderRow),
            };
            foreach (var now in after)
            {
                var was = before.GetValueOrDefault(now.Id);
                var json = JsonSerializer.Serialize(now, Json);
                if (was is not null && JsonSerializer.Serialize(was, Json) == json)
                {
                    continue;
                }

                if (was is not null && was.Status != now.Status)
                {
                    actions.Add(new(TableTransactionActionType.Delete, new TableEntity(Partition, IndexRow(was)), ETag.All));
                }

                actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, IndexRow(now)) { ["OrderId"] = orderId, ["Return"] = json }));
            }

            try
            {
                await table.SubmitTransactionAsync(actions, cancellationToken);
                return returns;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer changed the order's returns first (or added the row): read again.
            }
        }
    }

    /// <summary>Returns in <paramref name="status"/>, oldest first: a read of that status's key range, <paramref name="top"/> rows at most.</summary>
    public async Task<IReadOnlyList<ReturnRequest>> ListAsync(ReturnStatus status, int top, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        var table = await _table.GetAsync(cancellationToken);
        var prefix = IndexPrefix + ReturnStatuses.Name(status) + ".";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {prefix[..^1] + "/"}");
        var found = new List<ReturnRequest>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, Math.Min(top, 1000), ["Return"], cancellationToken))
        {
            found.Add(JsonSerializer.Deserialize<StoredReturn>(entity.GetString("Return"), Json)!.ToReturn());
            if (found.Count == top)
            {
                break;
            }
        }

        return found;
    }

    private static async Task<(List<StoredReturn> Returns, ETag? ETag)> ReadAsync(TableClient table, string orderId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(Partition, OrderPrefix + orderId, cancellationToken: cancellationToken);
        return row.HasValue
            ? (JsonSerializer.Deserialize<List<StoredReturn>>(row.Value!.GetString("Returns"), Json) ?? [], row.Value.ETag)
            : ([], null);
    }

    private static string IndexRow(StoredReturn r) =>
        string.Create(CultureInfo.InvariantCulture, $"{IndexPrefix}{ReturnStatuses.Name(r.Status)}.{r.RequestedAt.UtcTicks:D19}.{r.Id}");
}

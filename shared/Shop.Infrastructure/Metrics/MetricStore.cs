using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Metrics;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Metrics;

/// <summary>
/// Business facts in Table storage, one partition per ISO week (<c>2026-W49</c>), RowKey <c>{kind}|{id}</c>: each fact
/// is one upsert when it happens (a retried step writes the same row again, never a second one), and the weekly rollup
/// reads one week's partition instead of scanning orders. Rollups are rows of partition <c>rollup</c> (RowKey = week);
/// customers rows of partition <c>customer|{hash of the email}</c>.
/// </summary>
public sealed class MetricStore(StorageClientFactory storage, IOptions<MetricsOptions> options)
{
    private const string RollupPartition = "rollup";
    private const string CustomerPrefix = "customer|";

    private readonly TableHandle _table = new(storage, options.Value.Table);

    /// <summary>A customer's key in the facts: a hash of the normalised email, so no address is copied here.</summary>
    public static string CustomerKey(string email) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())))[..32];

    /// <summary>Records <paramref name="fact"/> in the week of <paramref name="week"/> (default: the week of its time).</summary>
    public async Task RecordAsync(MetricFact fact, string? week = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fact);
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(
            new TableEntity(week ?? Weeks.KeyOf(fact.At), $"{fact.Kind}|{fact.Id}")
            {
                ["At"] = fact.At,
                ["Data"] = fact.Data.ToJsonString(),
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    /// <summary>Every fact of <paramref name="week"/>.</summary>
    public async Task<IReadOnlyList<MetricFact>> ReadWeekAsync(string week, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var facts = new List<MetricFact>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {week}"), 1000, cancellationToken: cancellationToken))
        {
            var split = row.RowKey.IndexOf('|', StringComparison.Ordinal);
            if (split > 0)
            {
                facts.Add(new MetricFact(
                    row.RowKey[..split],
                    row.RowKey[(split + 1)..],
                    row.GetDateTimeOffset("At") ?? default,
                    JsonNode.Parse(row.GetString("Data") ?? "{}") as JsonObject ?? []));
            }
        }

        return facts;
    }

    public async Task SaveRollupAsync(string week, JsonObject rollup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var table = await _table.GetAsync(cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(RollupPartition, week) { ["Data"] = rollup.ToJsonString() }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The stored rollups of the weeks from <paramref name="fromWeek"/> to <paramref name="toWeek"/>, oldest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> GetRollupsAsync(string fromWeek, string toWeek, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var rollups = new List<JsonObject>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {RollupPartition} and RowKey ge {fromWeek} and RowKey le {toWeek}");
        await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            if (JsonNode.Parse(row.GetString("Data") ?? "{}") is JsonObject rollup)
            {
                rollups.Add(rollup);
            }
        }

        return rollups;
    }

    /// <summary>A customer's running totals (null when unknown), with the ETag to update them under.</summary>
    public async Task<(JsonObject Customer, ETag ETag)?> GetCustomerAsync(string customer, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(CustomerPrefix + customer, string.Empty, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e && JsonNode.Parse(e.GetString("Data") ?? "{}") is JsonObject data ? (data, e.ETag) : null;
    }

    /// <summary>Saves a customer's totals if unchanged since read (<paramref name="etag"/> null: only if new); false when somebody else changed them.</summary>
    public async Task<bool> TrySaveCustomerAsync(string customer, JsonObject data, ETag? etag, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(CustomerPrefix + customer, string.Empty) { ["Data"] = data.ToJsonString() };
        try
        {
            if (etag is { } e)
            {
                await table.UpdateEntityAsync(entity, e, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }
}

using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Domain.Restock;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Restock;

/// <summary>
/// The restock report in Table storage, written by the per-SKU check: partition <c>point</c> holds the SKUs at or below
/// their reorder point, <c>slow</c> the slow movers (one row per SKU, removed when it no longer applies), so the report is
/// two partition reads; partition <c>state</c> holds each SKU's alert state (<see cref="ReorderAlertState"/>).
/// </summary>
public sealed class ReorderReportStore(StorageClientFactory storage, IOptions<ReorderOptions> options)
{
    private const string PointPartition = "point";
    private const string SlowPartition = "slow";
    private const string StatePartition = "state";

    private readonly TableHandle _table = new(storage, options.Value.Table);

    /// <summary>Writes the SKU's figures into the report, or takes it out of the lists it no longer belongs to.</summary>
    public async Task RecordAsync(ReorderAssessment assessment, DateOnly day, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var table = await _table.GetAsync(cancellationToken);
        await PlaceAsync(table, PointPartition, assessment, day, assessment.AtOrBelowPoint, cancellationToken);
        await PlaceAsync(table, SlowPartition, assessment, day, assessment.SlowMover, cancellationToken);
    }

    public Task<IReadOnlyList<ReorderReportLine>> ListAtPointAsync(CancellationToken cancellationToken = default) => ListAsync(PointPartition, cancellationToken);

    public Task<IReadOnlyList<ReorderReportLine>> ListSlowMoversAsync(CancellationToken cancellationToken = default) => ListAsync(SlowPartition, cancellationToken);

    public async Task<ReorderAlertState> GetStateAsync(string sku, CancellationToken cancellationToken = default)
    {
        var table = await _table.GetAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(StatePartition, sku, cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e
            ? new ReorderAlertState(sku, e.GetBoolean("Below") ?? false, e.GetInt32("Crossing") ?? 0, e.GetInt32("AlertedCrossing") ?? 0, e.ETag)
            : new ReorderAlertState(sku, false, 0, 0, null);
    }

    /// <summary>Saves <paramref name="state"/> if nobody changed it since it was read (the saved state, with its new ETag); null when somebody did.</summary>
    public async Task<ReorderAlertState?> TrySaveStateAsync(ReorderAlertState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var table = await _table.GetAsync(cancellationToken);
        var entity = new TableEntity(StatePartition, state.Sku)
        {
            ["Below"] = state.Below,
            ["Crossing"] = state.Crossing,
            ["AlertedCrossing"] = state.AlertedCrossing,
        };
        try
        {
            var response = state.ETag is { } etag
                ? await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
                : await table.AddEntityAsync(entity, cancellationToken);
            return state with { ETag = response.Headers.ETag };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return null;
        }
    }

    private static async Task PlaceAsync(TableClient table, string partition, ReorderAssessment a, DateOnly day, bool belongs, CancellationToken cancellationToken)
    {
        if (!belongs)
        {
            try
            {
                await table.DeleteEntityAsync(partition, a.Sku, ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
            }

            return;
        }

        await table.UpsertEntityAsync(
            new TableEntity(partition, a.Sku)
            {
                ["OnHand"] = a.OnHand,
                ["Available"] = a.Available,
                ["Velocity"] = a.Velocity.ToString(CultureInfo.InvariantCulture),
                ["LeadTimeDays"] = a.LeadTimeDays,
                ["ReorderPoint"] = a.ReorderPoint,
                ["DaysOfCover"] = a.DaysOfCover?.ToString(CultureInfo.InvariantCulture),
                ["SuggestedOrderQuantity"] = a.SuggestedOrderQuantity,
                ["LastSoldAt"] = a.LastSoldAt,
                ["Day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    private async Task<IReadOnlyList<ReorderReportLine>> ListAsync(string partition, CancellationToken cancellationToken)
    {
        var table = await _table.GetAsync(cancellationToken);
        var lines = new List<ReorderReportLine>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), 1000, cancellationToken: cancellationToken))
        {
            lines.Add(new ReorderReportLine(
                e.RowKey,
                e.GetInt32("OnHand") ?? 0,
                e.GetInt32("Available") ?? 0,
                decimal.Parse(e.GetString("Velocity") ?? "0", CultureInfo.InvariantCulture),
                e.GetInt32("LeadTimeDays") ?? 0,
                e.GetInt32("ReorderPoint") ?? 0,
                e.GetString("DaysOfCover") is { } cover ? decimal.Parse(cover, CultureInfo.InvariantCulture) : null,
                e.GetInt32("SuggestedOrderQuantity") ?? 0,
                e.GetDateTimeOffset("LastSoldAt"),
                DateOnly.ParseExact(e.GetString("Day") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        return lines;
    }
}

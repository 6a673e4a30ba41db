using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Email;
using Shop.Domain.Events;
using Shop.Domain.Inventory;
using Shop.Domain.Restock;
using Shop.Hosting.Storage;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Restock;

namespace Shop.Orchestrations.Restock;

/// <summary>
/// The daily restock check. <see cref="FanOutAsync"/> pages through the catalog and queues one check per SKU that has
/// stock, a sale within the velocity window or a reorder point; <see cref="CheckAsync"/> assesses one SKU from its daily
/// sales rows (written with each sale), updates the report and alerts ops once per crossing of the reorder point.
/// A check delivered twice, or a day fanned out twice, alerts nothing twice.
/// </summary>
public sealed partial class ReorderJobs(
    IProductStore products,
    IStockStore stock,
    ReorderReportStore report,
    Shop.Infrastructure.Metrics.MetricStore metrics,
    QueueSender queues,
    EmailDelivery email,
    IIntegrationEvents events,
    IOptions<ReorderOptions> options,
    IOptions<EmailOptions> emailOptions,
    TimeProvider time,
    ILogger<ReorderJobs> logger)
{
    private const int PageSize = 100;

    public ReorderPolicy Policy => new(options.Value.VelocityWindowDays, options.Value.CoverDays, options.Value.SafetyStockDays, options.Value.SlowMoverDays);

    private DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>Queues today's check of every SKU that may need one; returns how many were queued.</summary>
    public async Task<int> FanOutAsync(CancellationToken cancellationToken = default)
    {
        var today = Today;
        var windowStart = today.AddDays(1 - options.Value.VelocityWindowDays);
        var queued = 0;
        string? after = null;
        do
        {
            var page = await products.ListAsync(new ProductQuery(null, null, PageSize, after), cancellationToken);
            var levels = await stock.GetManyAsync(page.Items.Select(p => p.Sku), cancellationToken);
            foreach (var item in levels.Values)
            {
                var soldRecently = item.Sales is { } sales && sales.Day >= windowStart;
                if (item.OnHand > 0 || soldRecently || item.ReorderPoint > 0)
                {
                    var message = new JsonObject { ["sku"] = item.Sku, ["day"] = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
                    await queues.SendAsync(options.Value.Queue, message.ToJsonString(), cancellationToken: cancellationToken);
                    queued++;
                }
            }

            after = page.LastSku;
        }
        while (after is not null);

        Log.FannedOut(logger, queued);
        return queued;
    }

    /// <summary>Handles one queued check (<c>{"sku": …, "day": "yyyy-MM-dd"}</c>).</summary>
    public Task<ReorderAssessment?> CheckAsync(string message, CancellationToken cancellationToken = default)
    {
        var json = JsonNode.Parse(message) ?? throw new JsonException("An empty restock check.");
        var sku = (string?)json["sku"] ?? throw new JsonException("A restock check without a SKU.");
        var day = DateOnly.ParseExact((string?)json["day"] ?? throw new JsonException("A restock check without a day."), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return CheckAsync(sku, day, cancellationToken);
    }

    /// <summary>The SKU's velocity, reorder point and days of cover as of <paramref name="day"/> (default today), from its daily sales rows.</summary>
    public async Task<ReorderAssessment> AssessAsync(StockItem item, DateOnly? day = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var asOf = day ?? Today;
        var sales = await stock.GetDailySalesAsync(item.Sku, asOf.AddDays(1 - options.Value.VelocityWindowDays), asOf, cancellationToken);
        return ReorderAssessment.For(item, sales, asOf, Policy);
    }

    /// <summary>Assesses <paramref name="sku"/> as of <paramref name="day"/>; null when it has no stock row.</summary>
    public async Task<ReorderAssessment?> CheckAsync(string sku, DateOnly day, CancellationToken cancellationToken = default)
    {
        var item = await stock.GetAsync(sku, cancellationToken);
        if (item is null)
        {
            return null;
        }

        var assessment = await AssessAsync(item, day, cancellationToken);
        await report.RecordAsync(assessment, day, cancellationToken);
        await metrics.RecordAsync(
            new Shop.Infrastructure.Metrics.MetricFact(
                Shop.Infrastructure.Metrics.MetricFacts.OnHand,
                $"{day:yyyyMMdd}|{item.Sku}",
                new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                new JsonObject { ["sku"] = item.Sku, ["day"] = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["onHand"] = item.OnHand }),
            cancellationToken: cancellationToken);
        await AlertOnCrossingAsync(assessment, cancellationToken);
        return assessment;
    }

    /// <summary>
    /// One alert per crossing: the crossing is counted in the SKU's state before the alert goes out (keyed by it), so
    /// a repeated check finds it alerted; stock that rises above the point ends the crossing.
    /// </summary>
    private async Task AlertOnCrossingAsync(ReorderAssessment assessment, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var state = await report.GetStateAsync(assessment.Sku, cancellationToken);
            if (!assessment.AtOrBelowPoint)
            {
                if (!state.Below || await report.TrySaveStateAsync(state with { Below = false }, cancellationToken) is not null)
                {
                    return;
                }

                continue;
            }

            var crossing = state.Below ? state.Crossing : state.Crossing + 1;
            if (state.Below && state.AlertedCrossing >= crossing)
            {
                return;
            }

            var marked = state with { Below = true, Crossing = crossing };
            if (marked != state)
            {
                if (await report.TrySaveStateAsync(marked, cancellationToken) is not { } saved)
                {
                    continue;
                }

                marked = saved;
            }

            await SendAlertAsync(assessment, crossing, cancellationToken);
            if (await report.TrySaveStateAsync(marked with { AlertedCrossing = crossing }, cancellationToken) is not null)
            {
                return;
            }
        }
    }

    private async Task SendAlertAsync(ReorderAssessment a, int crossing, CancellationToken cancellationToken)
    {
        var product = await products.GetAsync(a.Sku, cancellationToken);
        var alert = new ReorderPointAlertEmail(
            a.Sku,
            product?.Name ?? a.Sku,
            a.Available,
            a.ReorderPoint,
            a.SuggestedOrderQuantity,
            a.Velocity,
            a.LeadTimeDays,
            options.Value.CoverDays);
        var key = $"reorder:{a.Sku}:{crossing}";
        await email.SendAsync(new EmailRecipient(emailOptions.Value.OpsAddress), alert, key, cancellationToken);
        await events.PublishAsync(
            new IntegrationEvent(
                key,
                IntegrationEvent.StockReorderPointReached,
                $"stock/{a.Sku}",
                time.GetUtcNow(),
                new JsonObject
                {
                    ["sku"] = a.Sku,
                    ["available"] = a.Available,
                    ["reorderPoint"] = a.ReorderPoint,
                    ["suggestedOrderQuantity"] = a.SuggestedOrderQuantity,
                    ["velocity"] = a.Velocity,
                }),
            cancellationToken);
        Log.Alerted(logger, a.Sku, a.Available, a.ReorderPoint);
    }

    /// <summary>
    /// The immediate alert when a hold takes the last available unit of a SKU: once per level of units received (more
    /// stock arriving makes the next sell-out a new alert).
    /// </summary>
    public async Task AlertSoldOutAsync(IEnumerable<string> skus, string orderId, CancellationToken cancellationToken = default)
    {
        var levels = await stock.GetLevelsAsync(skus, cancellationToken);
        foreach (var item in levels.Values.Where(i => i.Available <= 0))
        {
            var product = await products.GetAsync(item.Sku, cancellationToken);
            var alert = new AnomalyAlertEmail(
                $"Stock of {item.Sku} ({product?.Name ?? item.Sku})",
                "0 available",
                $"above 0 ({item.OnHand} on hand, {item.Held} held for orders)",
                time.GetUtcNow().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
                $"Order {orderId} took the last available unit: the SKU can no longer be sold until stock is received.");
            await email.SendAsync(new EmailRecipient(emailOptions.Value.OpsAddress), alert, $"sold-out:{item.Sku}:{item.Received}", cancellationToken);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Restock: {Count} SKU checks queued.")]
        public static partial void FannedOut(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Restock: {Sku} is at or below its reorder point ({Available} available, point {ReorderPoint}); ops alerted.")]
        public static partial void Alerted(ILogger logger, string sku, int available, int reorderPoint);
    }
}

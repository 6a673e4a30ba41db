using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shop.Hosting.Functions;
using Shop.Infrastructure.Restock;
using Shop.Orchestrations.Restock;

namespace Shop.Functions.Restock;

/// <summary>
/// The daily restock check: a timer (or ops, on demand) queues one check per SKU; each check assesses the SKU's sales
/// velocity, reorder point and days of cover, keeps the report and alerts ops once per crossing of the point.
/// </summary>
public sealed class ReorderFunctions(ReorderJobs jobs, ReorderReportStore report)
{
    private const string Tag = "Restock";

    [Function("ScanReorderPoints")]
    public Task ScanReorderPointsAsync([TimerTrigger("%Jobs__ReorderSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        jobs.FanOutAsync(cancellationToken);

    /// <summary>One SKU's check; a message delivered twice alerts nothing twice.</summary>
    [Function("CheckReorderPoint")]
    public Task CheckReorderPointAsync([QueueTrigger("%Reorder__Queue%")] string message, CancellationToken cancellationToken) =>
        jobs.CheckAsync(message, cancellationToken);

    [Function("RunReorderCheck")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Runs the daily restock check now: queues one check per SKU with stock, recent sales or a reorder point; the report follows as the checks run.")]
    [Tags(Tag)]
    public async Task<Accepted<JobRunResponse>> RunReorderCheckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/jobs/reorder")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var queued = await jobs.FanOutAsync(cancellationToken);
        return TypedResults.Accepted("/api/admin/reorder", new JobRunResponse("reorder", queued));
    }

    [Function("GetReorderReport")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("The restock report of the last check: SKUs at or below their reorder point (velocity, days of cover, suggested order quantity) and slow movers (stock and no sale for Reorder__SlowMoverDays).")]
    [Tags(Tag)]
    public async Task<Ok<ReorderReportResponse>> GetReorderReportAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/reorder")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var atPoint = await report.ListAtPointAsync(cancellationToken);
        var slow = await report.ListSlowMoversAsync(cancellationToken);
        return TypedResults.Ok(new ReorderReportResponse(
            atPoint.OrderBy(l => l.DaysOfCover ?? decimal.MaxValue).ThenBy(l => l.Sku, StringComparer.Ordinal).ToList(),
            slow.OrderBy(l => l.LastSoldAt ?? DateTimeOffset.MinValue).ThenBy(l => l.Sku, StringComparer.Ordinal).ToList()));
    }
}

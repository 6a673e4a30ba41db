using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Shop.Domain.Metrics;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Orchestrations.Metrics;

namespace Shop.Functions.Metrics;

/// <summary>
/// The weekly metrics: a timer (Monday 06:00 UTC by default) rolls up last week; ops can roll up any week on demand and
/// read the series.
/// </summary>
public sealed class MetricsFunctions(WeeklyMetricsJob job)
{
    private const string Tag = "Metrics";

    [Function("RollUpWeeklyMetrics")]
    public Task RollUpWeeklyMetricsAsync([TimerTrigger("%Jobs__WeeklyMetricsSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        job.RollUpAsync(cancellationToken: cancellationToken);

    [Function("RunWeeklyMetrics")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Rolls up a week now (default last week; `current` for the week so far): figures, anomaly alerts and the ops email. Running it again for a week rewrites its row and sends no email twice.")]
    [Tags(Tag)]
    [QueryParameter("week", "The ISO week, yyyy-Www (for example 2026-W49), or `current`; default last week.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<JsonObject>> RunWeeklyMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/jobs/weekly-metrics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var week = request.Query["week"].ToString() switch
        {
            "" => job.LastWeek,
            "current" => job.CurrentWeek,
            var w when Weeks.TryParse(w, out _) => w,
            _ => throw ProblemException.Validation("week", "The week must be an ISO week, yyyy-Www (for example 2026-W49), or 'current'."),
        };
        return TypedResults.Ok(Public(await job.RollUpAsync(week, cancellationToken)));
    }

    [Function("GetWeeklyMetrics")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("The weekly rollups of the last N weeks (default 12, at most 104), oldest first: orders, revenue, cycle time, SLA, turnover, abandonment, returns by product, payment failures, customers and lifetime value, and the alerts that fired.")]
    [Tags(Tag)]
    [QueryParameter("weeks", "How many weeks back (1-104, default 12).")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<WeeklyMetricsResponse>> GetWeeklyMetricsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/metrics/weekly")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var text = request.Query["weeks"].ToString();
        var weeks = 12;
        if (text.Length > 0 && (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out weeks) || weeks is < 1 or > 104))
        {
            throw ProblemException.Validation("weeks", "weeks must be a whole number from 1 to 104.");
        }

        var series = await job.SeriesAsync(weeks, cancellationToken);
        return TypedResults.Ok(new WeeklyMetricsResponse(series.Select(Public).ToList()));
    }

    /// <summary>The rollup as ops read it (without the customer histogram the next week builds on).</summary>
    private static JsonObject Public(JsonObject rollup)
    {
        var copy = (JsonObject)rollup.DeepClone();
        copy.Remove("customerHistogram");
        return copy;
    }
}

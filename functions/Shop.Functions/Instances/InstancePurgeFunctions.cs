using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Functions;
using Shop.Orchestrations.Jobs;

namespace Shop.Functions.Instances;

/// <summary>
/// Keeps the durable store bounded: a daily timer and an admin call purge the finished (completed, failed, terminated)
/// instances created before <c>Durable__Retention</c> ago, with their histories. Running instances are never purged.
/// </summary>
public sealed class InstancePurgeFunctions(InstancePurgeJob purge)
{
    [Function("PurgeFinishedInstances")]
    public Task PurgeFinishedInstancesAsync(
        [TimerTrigger("%Jobs__PurgeSchedule%")] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        purge.PurgeFinishedAsync(cancellationToken: cancellationToken);

    [Function("PurgeInstances")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Purges finished instances (completed, failed, terminated) created before a time (default: Durable__Retention ago), with their histories; never a running one.")]
    [Tags("Instances")]
    [QueryParameter("createdBefore", "Purge instances created before this time (ISO 8601); default Durable__Retention ago.")]
    [QueryParameter("status", "Comma-separated finished statuses to purge (Completed, Failed, Terminated); default all three.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<InstancePurgeResponse>> PurgeInstancesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/instances/purge")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var createdBefore = InstanceQueryValues.Time(request, "createdBefore");
        var statuses = InstanceQueryValues.Statuses(request, "status", InstancePurgeJob.FinishedStatuses);
        var outcome = await purge.PurgeFinishedAsync(createdBefore, statuses, cancellationToken);
        return TypedResults.Ok(new InstancePurgeResponse(outcome.Purged, outcome.Complete, outcome.CreatedBefore));
    }
}

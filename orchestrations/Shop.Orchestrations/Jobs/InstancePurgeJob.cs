using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Durable;

namespace Shop.Orchestrations.Jobs;

/// <summary>
/// Keeps the durable store bounded: purges the finished instances created before a time (by default
/// <see cref="InstanceRetentionOptions.Retention"/> ago) through the invocation's <see cref="DurableTaskClient"/> —
/// Durable Functions' purge in Azure, the embedded engine's locally (which reads its index of finished instances by
/// creation day, not the whole history). Only Completed, Failed and Terminated instances go; running ones never do.
/// </summary>
public sealed partial class InstancePurgeJob(DurableClients clients, IOptions<InstanceRetentionOptions> options, TimeProvider time, ILogger<InstancePurgeJob> logger)
{
    /// <summary>The statuses a purge may take.</summary>
    public static readonly IReadOnlyList<OrchestrationRuntimeStatus> FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>
    /// Purges the finished instances (of <paramref name="statuses"/>, finished ones only; all three when null) created
    /// before <paramref name="createdBefore"/> (default: the retention ago). Returns what was purged and the cutoff.
    /// </summary>
    public async Task<InstancePurgeOutcome> PurgeFinishedAsync(
        DateTimeOffset? createdBefore = null,
        IReadOnlyCollection<OrchestrationRuntimeStatus>? statuses = null,
        CancellationToken cancellationToken = default)
    {
        var unfinished = statuses?.Where(s => !FinishedStatuses.Contains(s)).ToList() ?? [];
        if (unfinished.Count > 0)
        {
            throw new ArgumentException($"Only finished instances can be purged; {string.Join(", ", unfinished)} is not a finished status.", nameof(statuses));
        }

        var cutoff = createdBefore ?? time.GetUtcNow() - options.Value.Retention;
        var result = await clients.Current.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(CreatedTo: cutoff, Statuses: statuses is { Count: > 0 } ? statuses : FinishedStatuses),
            cancellationToken);
        Log.Purged(logger, result.PurgedInstanceCount, cutoff);
        return new InstancePurgeOutcome(result.PurgedInstanceCount, result.IsComplete, cutoff);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Purged {Count} finished orchestration instances created before {Cutoff:O}")]
        public static partial void Purged(ILogger logger, int count, DateTimeOffset cutoff);
    }
}

using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Shop.Durable;
using DtfxAlreadyExists = DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException;

namespace Shop.Orchestrations.Marketing;

/// <summary>
/// Starts and signals the marketing email sequences through the invocation's <see cref="DurableTaskClient"/>. A sequence
/// has a deterministic instance id, so it is started once whatever the number of starts: the backend refuses an id that
/// exists in any status (see <c>DurableOrderWorkflow</c> for why every status is listed).
/// </summary>
public sealed class DurableSequences(DurableClients clients)
{
    private static readonly OrchestrationRuntimeStatus[] AnyStatus =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
    ];

    /// <summary>Starts the sequence <paramref name="instanceId"/>; false when it exists already (in any status).</summary>
    public async Task<bool> StartOnceAsync(string orchestratorName, object input, string instanceId, CancellationToken cancellationToken = default)
    {
        try
        {
            var options = new StartOrchestrationOptions(instanceId).WithDedupeStatuses(AnyStatus);
            await clients.Current.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is OrchestrationAlreadyExistsException or DtfxAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>The sequence's runtime status, or null when it was never started.</summary>
    public async Task<OrchestrationRuntimeStatus?> StatusAsync(string instanceId, CancellationToken cancellationToken = default) =>
        (await clients.Current.GetInstanceAsync(instanceId, cancellationToken))?.RuntimeStatus;

    /// <summary>Raises <paramref name="eventName"/> on a sequence that is still running; false when there is none (never started, or ended).</summary>
    public async Task<bool> RaiseIfRunningAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken = default)
    {
        var client = clients.Current;
        if (await client.GetInstanceAsync(instanceId, cancellationToken) is not { RuntimeStatus: OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended })
        {
            return false;
        }

        try
        {
            await client.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is OrchestrationNotFoundException or OrchestrationStateException)
        {
            return false;
        }
    }
}

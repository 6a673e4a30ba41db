using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// Runs activities in this process, as many at once as <paramref name="slots"/> allows (<see cref="DurableOptions.MaxConcurrentActivities"/>), each in its
/// own DI scope, and turns the outcome into the result message for the instance. While an activity waits for a slot
/// or runs, this process holds the lease on its instance's work (<see cref="WorkIndex"/>), renewed every quarter of
/// <see cref="DurableOptions.RecoverAfter"/>, so that the recovery sweep of another process does not run it a second
/// time however long it takes (a SendGrid send can take minutes); a process that dies stops renewing, and its work is
/// recovered once the lease has run out.
/// </summary>
internal sealed partial class ActivityRunner(DurableEngine engine, IServiceScopeFactory scopes, SemaphoreSlim slots, TimeProvider time, CancellationToken stopping)
{
    private static readonly TimeSpan MinRenewal = TimeSpan.FromMilliseconds(100);

    /// <summary>Runs an activity (waiting for a free slot) and returns the result message.</summary>
    public async Task<InstanceMessage> RunAsync(string instanceId, int generation, int taskId, string name, string? input)
    {
        using var finished = new CancellationTokenSource();
        var lease = KeepLeaseAsync(instanceId, finished.Token);
        try
        {
            return await RunInSlotAsync(instanceId, generation, taskId, name, input);
        }
        finally
        {
            await finished.CancelAsync();
            await lease;
        }
    }

    private async Task<InstanceMessage> RunInSlotAsync(string instanceId, int generation, int taskId, string name, string? input)
    {
        var message = new InstanceMessage { Kind = MessageKind.ActivityResult, InstanceId = instanceId, Generation = generation, TaskId = taskId };
        await slots.WaitAsync(stopping);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!engine.Tasks.TryCreateActivity(new TaskName(name), scope.ServiceProvider, out var activity))
            {
                return message with { Failure = new FailureRecord("ActivityNotFound", $"No activity named '{name}' is registered in this app.") };
            }

            var value = DurableJson.Deserialize(ActivityInput(await engine.Store.Payloads.ResolveAsync(input)), activity.InputType);
            var output = await activity.RunAsync(new EmbeddedActivityContext(new TaskName(name), instanceId, taskId, generation), value);
            return message with { Payload = DurableJson.Serialize(output, activity.OutputType) };
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            Log.ActivityFailed(engine.Logger, ex, name, instanceId, taskId);
            return message with { Failure = FailureRecord.FromException(ex) };
        }
        finally
        {
            slots.Release();
        }
    }

    /// <summary>
    /// Renews the lease on the instance's work until <paramref name="finished"/> (or the engine stops): the first time a
    /// quarter of <see cref="DurableOptions.RecoverAfter"/> after the start — before that the commit that scheduled the
    /// work keeps the sweep away — so a short activity costs no write.
    /// </summary>
    private async Task KeepLeaseAsync(string instanceId, CancellationToken finished)
    {
        var recoverAfter = engine.Options.RecoverAfter;
        if (recoverAfter <= TimeSpan.Zero)
        {
            return;
        }

        var every = recoverAfter / 4 > MinRenewal ? recoverAfter / 4 : MinRenewal;
        using var renewing = CancellationTokenSource.CreateLinkedTokenSource(finished, stopping);
        while (true)
        {
            try
            {
                await Task.Delay(every, time, renewing.Token);
                await engine.Store.Work.RenewLeaseAsync(instanceId, engine.UtcNow + recoverAfter, engine.LeaseOwner, renewing.Token);
            }
            catch (OperationCanceledException) when (renewing.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (!renewing.IsCancellationRequested)
            {
                // The next renewal tries again; the lease lasts four periods.
                Log.LeaseRenewalFailed(engine.Logger, ex, instanceId);
            }
        }
    }

    /// <summary>
    /// An activity's input as its call recorded it: the Durable Task Framework schedules an activity with its
    /// parameters as a JSON array (<c>["Tokyo"]</c>), which Microsoft's activity shim unwraps the same way.
    /// </summary>
    private static string? ActivityInput(string? scheduled) =>
        scheduled is ['[', .., ']'] ? scheduled[1..^1] : scheduled;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Activity '{Name}' of '{InstanceId}' (task {TaskId}) failed")]
        public static partial void ActivityFailed(ILogger logger, Exception exception, string name, string instanceId, int taskId);

        [LoggerMessage(EventId = 1106, Level = LogLevel.Warning, Message = "Renewing the lease on the running work of '{InstanceId}' failed")]
        public static partial void LeaseRenewalFailed(ILogger logger, Exception exception, string instanceId);
    }
}

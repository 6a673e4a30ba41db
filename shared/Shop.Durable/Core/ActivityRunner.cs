using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// Runs activities in this process, as many at once as <paramref name="slots"/> allows (<see cref="DurableOptions.MaxConcurrentActivities"/>), each in its
/// own DI scope, and turns the outcome into the result message for the instance.
/// </summary>
internal sealed partial class ActivityRunner(DurableEngine engine, IServiceScopeFactory scopes, SemaphoreSlim slots, CancellationToken stopping)
{
    /// <summary>Runs an activity (waiting for a free slot) and returns the result message.</summary>
    public async Task<InstanceMessage> RunAsync(string instanceId, int generation, int taskId, string name, string? input)
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
    /// An activity's input as its call recorded it: the Durable Task Framework schedules an activity with its
    /// parameters as a JSON array (<c>["Tokyo"]</c>), which Microsoft's activity shim unwraps the same way.
    /// </summary>
    private static string? ActivityInput(string? scheduled) =>
        scheduled is ['[', .., ']'] ? scheduled[1..^1] : scheduled;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Debug, Message = "Activity '{Name}' of '{InstanceId}' (task {TaskId}) failed")]
        public static partial void ActivityFailed(ILogger logger, Exception exception, string name, string instanceId, int taskId);
    }
}

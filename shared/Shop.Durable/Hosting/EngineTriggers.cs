using Microsoft.Extensions.DependencyInjection;
using Shop.Durable.Core;
using Shop.Durable.Storage;
using Shop.Hosting.Functions;

namespace Shop.Durable;

/// <summary>
/// The embedded engine's own triggers, run by the local host: one listener per control queue (<c>DurableControl00</c>..
/// on <c>%Durable__TaskHub%-control-00</c>..), <c>DurableWorkItems</c> on <c>%Durable__TaskHub%-workitems</c>, and the
/// <c>DurableRecovery</c> timer. They are not functions of the app and are never deployed: in Azure, Durable Functions
/// runs the orchestrations.
/// </summary>
public static class EngineTriggers
{
    public const string ControlPrefix = "DurableControl";
    public const string WorkItems = "DurableWorkItems";
    public const string Recovery = "DurableRecovery";

    public static BackgroundTriggers Create(DurableOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var triggers = new FunctionCatalog();
        for (var partition = 0; partition < options.ControlQueueCount; partition++)
        {
            triggers.MapQueue(
                $"{ControlPrefix}{partition:D2}",
                TaskHubNames.ControlQueueName(TaskHubNames.TaskHubSetting, partition),
                (invocation, cancellationToken) => invocation.Services.GetRequiredService<DurableEngine>().HandleControlMessageAsync(invocation, cancellationToken),
                options.Connection);
        }

        triggers.MapQueue(
            WorkItems,
            TaskHubNames.WorkItemQueueName(TaskHubNames.TaskHubSetting),
            (invocation, cancellationToken) => invocation.Services.GetRequiredService<DurableEngine>().HandleWorkItemAsync(invocation, cancellationToken),
            options.Connection);
        triggers.MapTimer(
            Recovery,
            options.RecoverySchedule,
            (invocation, cancellationToken) => invocation.Services.GetRequiredService<DurableEngine>().SweepAsync(cancellationToken));
        return new BackgroundTriggers(triggers);
    }
}

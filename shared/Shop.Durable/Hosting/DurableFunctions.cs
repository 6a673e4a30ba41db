using Microsoft.Extensions.DependencyInjection;
using Shop.Durable.Core;
using Shop.Durable.Storage;
using Shop.Hosting.Functions;

namespace Shop.Durable;

/// <summary>
/// Declares the engine's functions: one queue function per control queue (<c>DurableControl00</c>.. on
/// <c>%Durable__TaskHub%-control-00</c>..), <c>DurableWorkItems</c> on <c>%Durable__TaskHub%-workitems</c>, and the
/// <c>DurableRecovery</c> timer. Locally the trigger runtime runs them; in Azure the Functions host does.
/// </summary>
public static class DurableFunctions
{
    public const string ControlFunctionPrefix = "DurableControl";
    public const string WorkItemFunction = "DurableWorkItems";
    public const string RecoveryFunction = "DurableRecovery";

    /// <summary>Every 30 seconds.</summary>
    public const string DefaultRecoverySchedule = "*/30 * * * * *";

    /// <param name="functions">The app's function catalog.</param>
    /// <param name="controlQueueCount">Must equal <c>Durable__ControlQueueCount</c> (default 4).</param>
    /// <param name="recoverySchedule">The NCRONTAB schedule of the recovery sweep.</param>
    public static FunctionCatalog AddDurableFunctions(this FunctionCatalog functions, int controlQueueCount = 4, string recoverySchedule = DefaultRecoverySchedule)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentOutOfRangeException.ThrowIfLessThan(controlQueueCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(controlQueueCount, 16);
        for (var partition = 0; partition < controlQueueCount; partition++)
        {
            functions.MapQueue(
                $"{ControlFunctionPrefix}{partition:D2}",
                TaskHubNames.ControlQueueName(TaskHubNames.TaskHubSetting, partition),
                (invocation, cancellationToken) => invocation.Services.GetRequiredService<DurableEngine>().HandleControlMessageAsync(invocation, cancellationToken));
        }

        functions.MapQueue(
            WorkItemFunction,
            TaskHubNames.WorkItemQueueName(TaskHubNames.TaskHubSetting),
            (invocation, cancellationToken) => invocation.Services.GetRequiredService<DurableEngine>().HandleWorkItemAsync(invocation, cancellationToken));
        functions.MapTimer(
            RecoveryFunction,
            recoverySchedule,
            (invocation, cancellationToken) => invocation.Services.GetRequiredService<DurableEngine>().SweepAsync(cancellationToken));
        return functions;
    }
}

using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Hosting.Functions;

/// <summary>
/// Runs a queue or timer function: a DI scope per invocation, a log scope carrying the function name and
/// invocation id, and a trace span. Used by the local trigger runtime and by custom-handler invocations alike.
/// </summary>
public sealed partial class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    /// <summary>The activity source for function invocations.</summary>
    public static readonly ActivitySource ActivitySource = new("Shop.Functions");

    public async Task InvokeQueueAsync(
        FunctionDeclaration function,
        string message,
        string messageId,
        long dequeueCount,
        DateTimeOffset? insertedOn,
        string? invocationId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        var handler = function.QueueHandler ?? throw new InvalidOperationException($"'{function.Name}' is not a queue function.");
        invocationId ??= Guid.NewGuid().ToString();
        await RunAsync(function, invocationId, services => handler(new QueueInvocation
        {
            FunctionName = function.Name,
            InvocationId = invocationId,
            Message = message,
            MessageId = messageId,
            DequeueCount = dequeueCount,
            InsertedOn = insertedOn,
            Services = services,
        }, cancellationToken));
    }

    public async Task InvokeTimerAsync(
        FunctionDeclaration function,
        DateTimeOffset scheduledTime,
        bool isPastDue,
        string? invocationId = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(function);
        var handler = function.TimerHandler ?? throw new InvalidOperationException($"'{function.Name}' is not a timer function.");
        invocationId ??= Guid.NewGuid().ToString();
        await RunAsync(function, invocationId, services => handler(new TimerInvocation
        {
            FunctionName = function.Name,
            InvocationId = invocationId,
            ScheduledTime = scheduledTime,
            IsPastDue = isPastDue,
            Services = services,
        }, cancellationToken));
    }

    private async Task RunAsync(FunctionDeclaration function, string invocationId, Func<IServiceProvider, Task> run)
    {
        using var activity = ActivitySource.StartActivity(function.Name, ActivityKind.Consumer);
        activity?.SetTag("faas.name", function.Name);
        activity?.SetTag("faas.invocation_id", invocationId);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["FunctionName"] = function.Name,
            ["InvocationId"] = invocationId,
        });
        await using var services = scopes.CreateAsyncScope();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await run(services.ServiceProvider);
            Log.Succeeded(logger, function.Name, invocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            Log.Failed(logger, ex, function.Name, invocationId, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "Executed '{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs:0}ms)")]
        public static partial void Succeeded(ILogger logger, string functionName, string invocationId, double durationMs);

        [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "Executed '{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs:0}ms)")]
        public static partial void Failed(ILogger logger, Exception exception, string functionName, string invocationId, double durationMs);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Hosting.Configuration;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;

namespace Shop.Hosting.Local;

/// <summary>
/// The local trigger runtime: the local host listens to the queue of every queue function and fires every timer
/// function itself, with the settings of <c>host.json</c>, and runs the <see cref="BackgroundTriggers"/> of local backends.
/// </summary>
internal sealed partial class LocalTriggerRuntime(
    FunctionCatalog functions,
    IEnumerable<BackgroundTriggers> background,
    HostJson hostJson,
    IConfiguration configuration,
    StorageClientFactory storage,
    QueueSender sender,
    QueueSignal signal,
    FunctionInvoker invoker,
    TimeProvider time,
    IOptions<HostingOptions> options,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var logger = loggers.CreateLogger("Shop.Hosting.LocalTriggerRuntime");
        if (!options.Value.LocalTriggers)
        {
            // The Functions host owns the triggers (or they are turned off).
            return;
        }

        var runs = new List<Task>();
        foreach (var function in functions.Concat(background.SelectMany(b => b.Triggers)))
        {
            switch (function.Trigger)
            {
                case QueueTrigger queue:
                    var queueName = SettingExpression.Resolve(queue.QueueName, configuration);
                    var listener = new LocalQueueListener(function, queueName, queue.Connection, hostJson.Queues, options.Value.QueueProcessingLease, storage, sender, signal, invoker, logger);
                    runs.Add(listener.RunAsync(stoppingToken));
                    Log.Listening(logger, function.Name, queueName);
                    break;
                case TimerTrigger timer:
                    var schedule = TimerSchedule.Parse(SettingExpression.Resolve(timer.Schedule, configuration));
                    runs.Add(new LocalTimerRunner(function, schedule, timer.RunOnStartup, invoker, time, logger).RunAsync(stoppingToken));
                    Log.Scheduled(logger, function.Name, schedule.Expression);
                    break;
            }
        }

        await Task.WhenAll(runs);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Local trigger: '{FunctionName}' listens to queue '{QueueName}'")]
        public static partial void Listening(ILogger logger, string functionName, string queueName);

        [LoggerMessage(EventId = 401, Level = LogLevel.Information, Message = "Local trigger: '{FunctionName}' runs on schedule '{Schedule}' (UTC)")]
        public static partial void Scheduled(ILogger logger, string functionName, string schedule);
    }
}

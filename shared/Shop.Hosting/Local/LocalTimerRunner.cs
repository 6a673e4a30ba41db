using Microsoft.Extensions.Logging;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Local;

/// <summary>
/// Fires a timer function on its schedule in UTC. Runs are sequential: the next occurrence is computed
/// after a run ends, so a slow run skips the ticks it overran instead of running twice.
/// </summary>
internal sealed partial class LocalTimerRunner(
    FunctionDeclaration function,
    TimerSchedule schedule,
    bool runOnStartup,
    FunctionInvoker invoker,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan PastDueAfter = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (runOnStartup)
        {
            await FireAsync(time.GetUtcNow(), stoppingToken);
        }

        var last = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            // From the later of now and the last occurrence fired: a timer that wakes a little early never fires one occurrence twice.
            var now = time.GetUtcNow();
            var next = schedule.GetNextOccurrence(now > last ? now : last);
            try
            {
                for (var wait = next - time.GetUtcNow(); wait > TimeSpan.Zero; wait = next - time.GetUtcNow())
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }

            last = next;
            await FireAsync(next, stoppingToken);
        }
    }

    private async Task FireAsync(DateTimeOffset scheduled, CancellationToken stoppingToken)
    {
        try
        {
            await invoker.InvokeTimerAsync(function, scheduled, time.GetUtcNow() - scheduled > PastDueAfter, cancellationToken: stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Logged by the invoker; a timer keeps its schedule after a failed run, as in Azure.
            Log.RunFailed(logger, ex, function.Name);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "Timer '{FunctionName}' run failed; the schedule continues")]
        public static partial void RunFailed(ILogger logger, Exception exception, string functionName);
    }
}

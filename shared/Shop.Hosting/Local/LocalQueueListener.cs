using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Shop.Hosting.Configuration;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;

namespace Shop.Hosting.Local;

/// <summary>
/// Does locally what the Functions host's queue trigger does: polls with back-off up to
/// <c>maxPollingInterval</c>, runs up to <c>batchSize</c> messages at once and fetches more when the
/// in-flight count falls to <c>newBatchThreshold</c>, deletes a message on success, makes it visible again
/// after <c>visibilityTimeout</c> on failure, and moves it to <c>&lt;queue&gt;-poison</c> after
/// <c>maxDequeueCount</c> failed deliveries.
/// </summary>
internal sealed partial class LocalQueueListener(
    FunctionDeclaration function,
    string queueName,
    string connection,
    QueuesOptions options,
    TimeSpan processingLease,
    StorageClientFactory storage,
    QueueSender sender,
    QueueSignal signal,
    FunctionInvoker invoker,
    ILogger logger)
{
    private static readonly TimeSpan MinimumPollingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a message being processed stays invisible to other receivers (<see cref="HostingOptions.QueueProcessingLease"/>);
    /// renewed every third of it while the function runs, so the message of a process that died reappears within it.
    /// </summary>
    private readonly TimeSpan _lease = processingLease > TimeSpan.FromSeconds(1) ? processingLease : TimeSpan.FromSeconds(1);

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var queue = storage.GetQueueClient(queueName, connection);
        var poison = storage.GetQueueClient(queueName + "-poison", connection);
        await CreateWithRetryAsync(queue, stoppingToken);
        await CreateWithRetryAsync(poison, stoppingToken);

        var batchSize = Math.Clamp(options.BatchSize, 1, 32);
        var threshold = Math.Max(options.EffectiveNewBatchThreshold, 0);
        var inFlight = new List<Task>();
        var delay = MinimumPollingInterval;

        while (!stoppingToken.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > threshold)
            {
                await ((Task)Task.WhenAny(inFlight).WaitAsync(stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(batchSize, _lease, stoppingToken)).Value;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                Log.PollFailed(logger, ex, queueName);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await ((Task)signal.WaitAsync(queueName, delay, stoppingToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Math.Max(options.MaxPollingInterval.Ticks, MinimumPollingInterval.Ticks)));
                continue;
            }

            delay = MinimumPollingInterval;
            foreach (var message in messages)
            {
                inFlight.Add(ProcessAsync(queue, poison, message, stoppingToken));
            }
        }

        await Task.WhenAll(inFlight).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage received, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var message = received;
        using var done = new CancellationTokenSource();
        var renewing = Task.CompletedTask;
        try
        {
            if (message.DequeueCount > options.MaxDequeueCount)
            {
                // Delivered too often without an outcome (its processes died): poison it unprocessed.
                await MoveToPoisonAsync(queue, poison, message);
                return;
            }

            renewing = RenewAsync(queue, () => message, m => message = m, done.Token);
            try
            {
                await invoker.InvokeQueueAsync(function, message.Body.ToString(), message.MessageId, message.DequeueCount, message.InsertedOn, cancellationToken: stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                await StopAsync(done, renewing);
                if (message.DequeueCount >= options.MaxDequeueCount)
                {
                    await MoveToPoisonAsync(queue, poison, message);
                }
                else
                {
                    await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.VisibilityTimeout, cancellationToken: CancellationToken.None);
                    signal.Notify(queueName, options.VisibilityTimeout);
                }

                return;
            }

            await StopAsync(done, renewing);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The lease will expire and the message will be delivered again.
            Log.SettleFailed(logger, ex, queueName, message.MessageId);
        }
        finally
        {
            await StopAsync(done, renewing);
        }
    }

    private static async Task StopAsync(CancellationTokenSource done, Task renewing)
    {
        if (!done.IsCancellationRequested)
        {
            await done.CancelAsync();
        }

        await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Extends the lease of a message being processed every third of the lease (the pop receipt changes each time).</summary>
    private async Task RenewAsync(QueueClient queue, Func<QueueMessage> current, Action<QueueMessage> update, CancellationToken done)
    {
        while (true)
        {
            await Task.Delay(_lease / 3, done);
            var message = current();
            try
            {
                // Not cancelled once sent: the new pop receipt is the one the final delete needs.
                var renewed = (await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _lease, cancellationToken: CancellationToken.None)).Value;
                update(message.Update(renewed));
            }
            catch (Exception ex)
            {
                // The next renewal tries again; at worst the message is delivered once more (handlers are idempotent).
                Log.SettleFailed(logger, ex, queueName, message.MessageId);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        Log.Poisoned(logger, function.Name, message.MessageId, message.DequeueCount, poison.Name);
        await sender.EnsureCreatedAsync(poison, connection);
        await poison.SendMessageAsync(message.Body, timeToLive: TimeSpan.FromSeconds(-1));
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    private async Task CreateWithRetryAsync(QueueClient queue, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await sender.EnsureCreatedAsync(queue, connection, stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                Log.PollFailed(logger, ex, queue.Name);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(attempt, 10)), stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Polling queue '{QueueName}' failed")]
        public static partial void PollFailed(ILogger logger, Exception exception, string queueName);

        [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "Settling a message of '{QueueName}' ({MessageId}) failed; it will be delivered again")]
        public static partial void SettleFailed(ILogger logger, Exception exception, string queueName, string messageId);

        [LoggerMessage(EventId = 202, Level = LogLevel.Error, Message = "Function '{FunctionName}': message {MessageId} failed {DequeueCount} times and moved to '{PoisonQueue}'")]
        public static partial void Poisoned(ILogger logger, string functionName, string messageId, long dequeueCount, string poisonQueue);
    }
}

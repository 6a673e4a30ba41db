using System.Text.Json;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// The engine's queue traffic: durable timers and control messages sent (a payload too large for a message goes to a
/// blob), and the control and work-item messages handled when the app's queue functions deliver them.
/// </summary>
internal sealed partial class EngineQueues(DurableEngine engine, QueueSender queues, TimeProvider time)
{
    private const int MaxQueueMessageBytes = 45 * 1024;

    /// <summary>Sends a timer message (at most <see cref="DurableEngine.MaxTimerChunk"/> ahead; the handler chains the rest).</summary>
    public Task SendTimerAsync(string instanceId, int generation, int taskId, DateTime fireAt, CancellationToken cancellationToken = default) =>
        SendControlAsync(
            new InstanceMessage { Kind = MessageKind.TimerFired, InstanceId = instanceId, Generation = generation, TaskId = taskId, FireAt = fireAt },
            DelayUntil(fireAt),
            cancellationToken);

    /// <summary>The visibility delay of a message due at <paramref name="dueAt"/>: whole seconds, at most <see cref="DurableEngine.MaxTimerChunk"/>.</summary>
    public TimeSpan DelayUntil(DateTime dueAt)
    {
        var delay = dueAt - engine.UtcNow;
        if (delay <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        return delay >= DurableEngine.MaxTimerChunk ? DurableEngine.MaxTimerChunk : TimeSpan.FromSeconds(Math.Ceiling(delay.TotalSeconds));
    }

    public async Task SendControlAsync(InstanceMessage message, TimeSpan? delay = null, CancellationToken cancellationToken = default)
    {
        var text = await SerializeForQueueAsync(message, cancellationToken);
        await queues.SendAsync(engine.Names.ControlQueueFor(message.InstanceId), text, delay is { } d && d > TimeSpan.Zero ? d : null, engine.Options.Connection, cancellationToken);
    }

    public async Task SendWorkItemAsync(string instanceId, OutboxEntry entry)
    {
        var message = new InstanceMessage
        {
            Kind = MessageKind.RunActivity,
            InstanceId = instanceId,
            Generation = entry.Generation,
            TaskId = entry.TaskId,
            Name = entry.Name,
            Payload = entry.Input,
        };
        await queues.SendAsync(engine.Names.WorkItemQueue, await SerializeForQueueAsync(message, CancellationToken.None), null, engine.Options.Connection);
    }

    private async Task<string> SerializeForQueueAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        var text = JsonSerializer.Serialize(message, DurableJson.Records);
        if (DurableStore.Utf8Length(text) <= MaxQueueMessageBytes)
        {
            return text;
        }

        var protectedPayload = await engine.Store.Payloads.ProtectAsync(message.InstanceId, message.Payload, 0, cancellationToken);
        return JsonSerializer.Serialize(message with { Payload = protectedPayload, Failure = message.Failure is null ? null : DurableStore.Trim(message.Failure) }, DurableJson.Records);
    }

    /// <summary>A control-queue message: timers (chained), delayed starts, recovery and other cross-process messages.</summary>
    public Task HandleControlMessageAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        HandleQueueMessageAsync(invocation, engine.Names.ControlQueueFor, HandleControlAsync, cancellationToken);

    /// <summary>A work-item message: an activity to run here (overflow from a busy process).</summary>
    public Task HandleWorkItemAsync(QueueInvocation invocation, CancellationToken cancellationToken) =>
        HandleQueueMessageAsync(invocation, _ => engine.Names.WorkItemQueue, async (message, _) =>
        {
            var result = await engine.RunActivityAsync(message.InstanceId, message.Generation, message.TaskId, message.Name ?? string.Empty, message.Payload);
            await engine.DeliverAsync(result);
        }, cancellationToken);

    /// <param name="queueOf">The queue a message for an instance id lives in (to send it again after an outage).</param>
    private async Task HandleQueueMessageAsync(QueueInvocation invocation, Func<string, string> queueOf, Func<InstanceMessage, CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var instanceId = QueueMessageText.TryReadInstanceId(invocation.Message);
        try
        {
            var message = JsonSerializer.Deserialize<InstanceMessage>(invocation.Message, DurableJson.Records)
                ?? throw new JsonException("The message is empty.");
            await handle(message, cancellationToken);
        }
        catch (Exception ex) when (invocation.DequeueCount >= engine.MaxDequeueCount && instanceId is not null && !cancellationToken.IsCancellationRequested
            && TransientFailures.IsTransient(ex))
        {
            // Storage is out (or throttling), not the message: a storage outage must delay an order, not fail it. The
            // message goes back to its queue for later (fresh delivery count), and this delivery counts as handled.
            Log.RetriedAfterOutage(engine.Logger, ex, instanceId, invocation.MessageId, engine.Options.OutageRetryDelay);
            await queues.SendAsync(queueOf(instanceId), invocation.Message, engine.Options.OutageRetryDelay, engine.Options.Connection, CancellationToken.None);
        }
        catch (Exception ex) when (invocation.DequeueCount >= engine.MaxDequeueCount && instanceId is not null && !cancellationToken.IsCancellationRequested)
        {
            // The last delivery: the host moves the message to the poison queue; the instance fails visibly.
            var reason = $"A message for this instance failed {invocation.DequeueCount} times and was moved to the poison queue: {ex.Message}";
            Log.Poisoned(engine.Logger, ex, instanceId, invocation.MessageId);
            await engine.FailInstanceAsync(instanceId, new FailureRecord("PoisonMessage", reason, null, FailureRecord.FromException(ex)), CancellationToken.None);
            throw;
        }
    }

    private async Task HandleControlAsync(InstanceMessage message, CancellationToken cancellationToken)
    {
        switch (message.Kind)
        {
            case MessageKind.TimerFired:
            {
                var remaining = (message.FireAt ?? engine.UtcNow) - engine.UtcNow;
                if (remaining > TimeSpan.FromSeconds(1))
                {
                    // Not due yet: a chained chunk of a long timer.
                    await SendControlAsync(message, DelayUntil(message.FireAt!.Value), cancellationToken);
                    return;
                }

                if (remaining > TimeSpan.Zero)
                {
                    await Task.Delay(remaining, time, cancellationToken);
                }

                await engine.DeliverAsync(message);
                return;
            }

            case MessageKind.Start:
            {
                var record = await engine.Store.ReadInstanceAsync(message.InstanceId, cancellationToken);
                if (record is null || record.ExecutionId != message.ExecutionId || record.RuntimeStatus != InstanceStatus.Pending)
                {
                    return; // terminated, purged or restarted meanwhile
                }

                if (record.ScheduledStartAt is { } startAt && startAt - engine.UtcNow > TimeSpan.FromSeconds(1))
                {
                    await SendControlAsync(message, DelayUntil(startAt), cancellationToken);
                    return;
                }

                await engine.DeliverAsync(message with
                {
                    Name = record.Name,
                    Payload = record.Input,
                    ParentInstanceId = record.ParentInstanceId,
                    ParentName = record.ParentName,
                    ParentTaskId = record.ParentTaskId,
                    ParentGeneration = record.ParentGeneration,
                });
                return;
            }

            case MessageKind.RunActivity:
            {
                var result = await engine.RunActivityAsync(message.InstanceId, message.Generation, message.TaskId, message.Name ?? string.Empty, message.Payload);
                await engine.DeliverAsync(result);
                return;
            }

            default:
                await engine.DeliverAsync(message with { Strict = false });
                return;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1107, Level = LogLevel.Warning, Message = "Instance '{InstanceId}': message {MessageId} failed every delivery while storage was failing; sent again in {Delay}")]
        public static partial void RetriedAfterOutage(ILogger logger, Exception exception, string instanceId, string messageId, TimeSpan delay);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Instance '{InstanceId}': message {MessageId} is poisoned; failing the instance")]
        public static partial void Poisoned(ILogger logger, Exception exception, string instanceId, string messageId);
    }
}

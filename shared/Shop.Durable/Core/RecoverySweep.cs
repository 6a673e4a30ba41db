using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;
using Shop.Hosting.Storage;

namespace Shop.Durable.Core;

/// <summary>
/// The recovery sweep (the <c>DurableRecovery</c> timer): work a dead process left behind is found from the tables and
/// handed back to the instances.
/// </summary>
internal sealed partial class RecoverySweep(DurableEngine engine, StorageClientFactory storage)
{
    /// <summary>
    /// The recovery sweep: fails the instances of poisoned messages; re-runs the outbox of instances whose process
    /// died (no commit for <see cref="DurableOptions.RecoverAfter"/>); starts Pending instances whose start was lost;
    /// repairs Instances rows that lag behind their state row.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await SweepOnceAsync(cancellationToken);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping; the next sweep (here or in another instance) picks up from the tables.
        }
    }

    private async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        await DrainPoisonQueuesAsync(cancellationToken);
        var now = engine.UtcNow;
        string? continuation = null;
        do
        {
            var (records, next) = await engine.Store.QueryInstancesAsync(
                "HasWork eq true or RuntimeStatus eq 'Pending'",
                500,
                continuation,
                ["PartitionKey", "RowKey", "RuntimeStatus", "ScheduledStartAt", "CreatedAt", "HasWork", "ExecutionId", "Version", "Name"],
                cancellationToken);
            continuation = next;
            foreach (var record in records)
            {
                if (engine.IsBusy(record.InstanceId))
                {
                    continue;
                }

                try
                {
                    await SweepInstanceAsync(record, now, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.SweepFailed(engine.Logger, ex, record.InstanceId);
                }
            }
        }
        while (continuation is not null);
    }

    private async Task SweepInstanceAsync(InstanceRecord record, DateTime now, CancellationToken cancellationToken)
    {
        if (record.RuntimeStatus == InstanceStatus.Pending && record.ScheduledStartAt is { } startAt && startAt > now)
        {
            return;
        }

        var row = await engine.Store.ReadStateRowAsync(record.InstanceId, cancellationToken);
        if (row is null)
        {
            if (!record.RuntimeStatus.IsTerminal() && now - record.CreatedAt >= engine.Options.RecoverAfter)
            {
                Log.Recovering(engine.Logger, record.InstanceId, "its start never ran");
                await engine.SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = record.InstanceId }, cancellationToken: cancellationToken);
            }

            return;
        }

        var state = await engine.Store.ReadStateAsync(row, cancellationToken);
        if (state.ExecutionId != record.ExecutionId && !record.RuntimeStatus.IsTerminal())
        {
            if (now - record.CreatedAt >= engine.Options.RecoverAfter)
            {
                Log.Recovering(engine.Logger, record.InstanceId, "its restart never ran");
                await engine.SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = record.InstanceId }, cancellationToken: cancellationToken);
            }

            return;
        }

        if (state.Outbox.Count > 0)
        {
            if (now - state.LastUpdatedAt >= engine.Options.RecoverAfter)
            {
                Log.Recovering(engine.Logger, record.InstanceId, $"{state.Outbox.Count} scheduled item(s) left since {state.LastUpdatedAt:O}");
                await engine.SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = record.InstanceId }, cancellationToken: cancellationToken);
            }

            if (record.RuntimeStatus == state.Status)
            {
                return;
            }
        }

        if (record.Version > state.Version || state.ExecutionId != record.ExecutionId)
        {
            return;
        }

        // The Instances row lags behind the state row: bring it up to date.
        var changes = new TableEntity(record.InstanceId, DurableStore.InstanceRowKey(record.InstanceId))
        {
            ["RuntimeStatus"] = state.Status.ToString(),
            ["CustomStatus"] = state.CustomStatus ?? string.Empty,
            ["Output"] = state.Output ?? string.Empty,
            ["FailureDetails"] = DurableStore.FailureJson(state.Failure) ?? string.Empty,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["HasWork"] = state.Outbox.Count > 0,
            ["Version"] = state.Version,
        };
        if (state.CompletedAt is { } completedAt)
        {
            changes["CompletedAt"] = completedAt;
        }

        await engine.Store.TryMergeInstanceAsync(changes, record.ETag, cancellationToken);
    }

    private async Task DrainPoisonQueuesAsync(CancellationToken cancellationToken)
    {
        foreach (var queueName in engine.Names.AllQueues)
        {
            var poison = storage.GetQueueClient(queueName + "-poison", engine.Options.Connection);
            Azure.Storage.Queues.Models.QueueMessage[] messages;
            try
            {
                messages = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken)).Value;
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                continue;
            }

            foreach (var message in messages)
            {
                var text = message.Body.ToString();
                if (QueueMessageText.TryReadInstanceId(text) is { } instanceId)
                {
                    var record = await engine.Store.ReadInstanceAsync(instanceId, cancellationToken);
                    if (record is not null && !record.RuntimeStatus.IsTerminal())
                    {
                        await engine.FailInstanceAsync(instanceId, new FailureRecord(
                            "PoisonMessage",
                            $"A message for this instance was moved to '{poison.Name}' after {engine.MaxDequeueCount} failed deliveries.",
                            null,
                            new FailureRecord("Message", text.Length > 2_000 ? text[..2_000] : text)), cancellationToken);
                    }
                }

                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1104, Level = LogLevel.Information, Message = "Recovering instance '{InstanceId}': {Why}")]
        public static partial void Recovering(ILogger logger, string instanceId, string why);

        [LoggerMessage(EventId = 1105, Level = LogLevel.Warning, Message = "The recovery sweep failed for '{InstanceId}'")]
        public static partial void SweepFailed(ILogger logger, Exception exception, string instanceId);
    }
}

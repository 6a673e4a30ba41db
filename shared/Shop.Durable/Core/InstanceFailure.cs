using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Shop.Durable.Storage;

namespace Shop.Durable.Core;

/// <summary>Fails an instance for good (a poisoned message, an operator's decision), through its actor or, if its history cannot be read, directly.</summary>
internal sealed partial class InstanceFailure(DurableEngine engine)
{
    /// <summary>
    /// Marks an instance Failed with <paramref name="failure"/>. Goes through the actor when its history can be
    /// read; else (a corrupt instance) writes the failure straight into the state row.
    /// </summary>
    public async Task FailAsync(string instanceId, FailureRecord failure, CancellationToken cancellationToken)
    {
        try
        {
            await engine.DeliverAsync(new InstanceMessage { Kind = MessageKind.Fail, InstanceId = instanceId, Failure = failure }).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.ForceFailing(engine.Logger, ex, instanceId);
        }

        await ForceFailAsync(instanceId, failure, cancellationToken);
    }

    private async Task ForceFailAsync(string instanceId, FailureRecord failure, CancellationToken cancellationToken)
    {
        var now = engine.UtcNow;
        var failureJson = DurableStore.FailureJson(failure);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var row = await engine.Store.ReadStateRowAsync(instanceId, cancellationToken);
            if (row is null)
            {
                break;
            }

            if (Enum.TryParse<InstanceStatus>(row.GetString("Status"), out var status) && status.IsTerminal())
            {
                return;
            }

            await engine.Store.Finished.RecordAsync(instanceId, row.GetString("ExecutionId") ?? string.Empty, row.GetDateTime("CreatedAt") ?? now, cancellationToken);
            var generation = row.GetInt32("Generation") ?? 0;
            var episodes = row.GetInt32("Episodes") ?? 0;
            var events = row.GetInt32("EventCount") ?? 0;
            HistoryEvent[] recorded =
            [
                new() { Sequence = events, EventType = HistoryEventType.OrchestratorStarted, Timestamp = now },
                new() { Sequence = events + 1, EventType = HistoryEventType.ExecutionCompleted, Timestamp = now, Status = InstanceStatus.Failed, Failure = DurableStore.Trim(failure) },
            ];
            var history = new TableEntity(instanceId, InstanceState.HistoryRowKey(instanceId, generation, episodes))
            {
                ["FirstSequence"] = events,
                ["Count"] = recorded.Length,
            };
            BinaryProperty.Write(history, "Events", BinaryProperty.Encode(JsonSerializer.SerializeToUtf8Bytes(recorded, DurableJson.Records)));
            BinaryProperty.Remove(row, "Outbox");
            row.Remove("OutboxBlob");
            row["OutboxCount"] = 0;
            row["Status"] = nameof(InstanceStatus.Failed);
            row["Failure"] = failureJson;
            row["Episodes"] = episodes + 1;
            row["EventCount"] = events + recorded.Length;
            row["LastUpdatedAt"] = now;
            row["CompletedAt"] = now;
            row["Version"] = (row.GetInt64("Version") ?? 0) + 1;
            try
            {
                await engine.Store.History.SubmitTransactionAsync(
                    [
                        new TableTransactionAction(TableTransactionActionType.Add, history),
                        new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag),
                    ],
                    cancellationToken);
                break;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
            }
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var record = await engine.Store.ReadInstanceAsync(instanceId, cancellationToken);
            if (record is null || record.RuntimeStatus.IsTerminal())
            {
                break;
            }

            var changes = new TableEntity(instanceId, DurableStore.InstanceRowKey(instanceId))
            {
                ["RuntimeStatus"] = nameof(InstanceStatus.Failed),
                ["FailureDetails"] = failureJson,
                ["LastUpdatedAt"] = now,
                ["CompletedAt"] = now,
                ["Version"] = record.Version + 1,
            };
            if (await engine.Store.TryMergeInstanceAsync(changes, record.ETag, cancellationToken) is not null)
            {
                break;
            }
        }

        engine.Evict(instanceId);
        engine.SignalCompleted(instanceId);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Instance '{InstanceId}' could not be failed through its history; writing the failure directly")]
        public static partial void ForceFailing(ILogger logger, Exception exception, string instanceId);
    }
}

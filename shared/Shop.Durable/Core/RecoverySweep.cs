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
    private bool _backfilled;

    /// <summary>
    /// The recovery sweep: fails the instances of poisoned messages; re-runs the outbox of instances whose process
    /// died (no commit for <see cref="DurableOptions.RecoverAfter"/>, and no live lease on their running work); starts
    /// Pending instances whose start was lost; repairs Instances rows that lag behind their state row. It reads the
    /// work index (<see cref="WorkIndex"/>) and point reads of the instances in it, never the Instances table.
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
        await BackfillAsync(cancellationToken);
        var now = engine.UtcNow;
        string? continuation = null;
        do
        {
            var (entries, next) = await engine.Store.Work.ReadPageAsync(500, continuation, cancellationToken);
            continuation = next;
            foreach (var entry in entries)
            {
                if (engine.IsBusy(entry.InstanceId))
                {
                    continue;
                }

                try
                {
                    await SweepInstanceAsync(entry, now, cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    Log.SweepFailed(engine.Logger, ex, entry.InstanceId);
                }
            }
        }
        while (continuation is not null);
    }

    /// <summary>
    /// Looks at one instance of the work index: recovers a start or restart that never ran, re-runs an outbox left
    /// <see cref="DurableOptions.RecoverAfter"/> without a commit whose lease has run out (no live process runs it),
    /// repairs a lagging Instances row, and deletes the index row when the instance has no work and the row is old.
    /// </summary>
    private async Task SweepInstanceAsync(WorkIndexEntry entry, DateTime now, CancellationToken cancellationToken)
    {
        var recoverAfter = engine.Options.RecoverAfter;
        var record = await engine.Store.ReadInstanceAsync(entry.InstanceId, cancellationToken);
        var row = await engine.Store.ReadStateRowAsync(entry.InstanceId, cancellationToken);
        var state = row is null ? null : await engine.Store.ReadStateAsync(row, cancellationToken);
        if (record is not null && !record.RuntimeStatus.IsTerminal() && (state is null || state.ExecutionId != record.ExecutionId))
        {
            // Accepted and not run: a start (or restart) whose process died, or one scheduled for later.
            var due = record.ScheduledStartAt is not { } startAt || startAt <= now;
            if (due && now - record.CreatedAt >= recoverAfter && await TakeOverAsync(entry, now, cancellationToken))
            {
                Log.Recovering(engine.Logger, entry.InstanceId, state is null ? "its start never ran" : "its restart never ran");
                await RecoverAsync(entry.InstanceId, cancellationToken);
            }

            return;
        }

        if (state is { Outbox.Count: > 0 } && now - state.LastUpdatedAt >= recoverAfter && await TakeOverAsync(entry, now, cancellationToken))
        {
            Log.Recovering(engine.Logger, entry.InstanceId, $"{state.Outbox.Count} scheduled item(s) left since {state.LastUpdatedAt:O}");
            await RecoverAsync(entry.InstanceId, cancellationToken);
        }

        if (record is not null && state is not null && state.ExecutionId == record.ExecutionId && record.Version <= state.Version && Lags(record, state)
            && await RepairProjectionAsync(record, state, cancellationToken) is null)
        {
            // The Instances row lags behind the state row and changed while it was repaired: look again next time.
            return;
        }

        if (state is { Outbox.Count: > 0 })
        {
            return;
        }

        if (now - entry.MarkedAt >= recoverAfter)
        {
            // No work, and any commit the row was marked for has landed long ago: the row goes (unless marked meanwhile).
            await engine.Store.Work.TryDeleteAsync(entry.InstanceId, entry.ETag, cancellationToken);
        }
    }

    /// <summary>
    /// Takes the lease on the instance's work for this sweep: only when no live lease is held (no process is running
    /// the work, or it died), and only one sweep of all the processes wins it (conditional on the row as read). The
    /// lease covers the time until the process that handles the recovery starts renewing it.
    /// </summary>
    private async Task<bool> TakeOverAsync(WorkIndexEntry entry, DateTime now, CancellationToken cancellationToken) =>
        !(entry.LeaseUntil > now)
        && await engine.Store.Work.TryTakeLeaseAsync(entry, now + engine.Options.RecoverAfter, engine.LeaseOwner, cancellationToken);

    private Task RecoverAsync(string instanceId, CancellationToken cancellationToken) =>
        engine.SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = instanceId }, cancellationToken: cancellationToken);

    private static bool Lags(InstanceRecord record, InstanceState state) =>
        record.RuntimeStatus != state.Status
        || record.CustomStatus != state.CustomStatus
        || record.Output != state.Output
        || record.FailureDetails != DurableStore.FailureJson(state.Failure);

    /// <summary>Brings a lagging Instances row up to the state row; null when the row changed meanwhile.</summary>
    private async Task<ETag?> RepairProjectionAsync(InstanceRecord record, InstanceState state, CancellationToken cancellationToken)
    {
        var changes = new TableEntity(record.InstanceId, DurableStore.InstanceRowKey(record.InstanceId))
        {
            ["RuntimeStatus"] = state.Status.ToString(),
            ["CustomStatus"] = state.CustomStatus ?? string.Empty,
            ["Output"] = state.Output ?? string.Empty,
            ["FailureDetails"] = DurableStore.FailureJson(state.Failure) ?? string.Empty,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["Version"] = state.Version,
        };
        if (state.CompletedAt is { } completedAt)
        {
            changes["CompletedAt"] = completedAt;
        }

        return await engine.Store.TryMergeInstanceAsync(changes, record.ETag, cancellationToken);
    }

    /// <summary>
    /// Once per task hub: instances stored before the work and finished indexes existed get their rows — those that
    /// had work (their Instances rows said <c>HasWork</c>, or Pending) in the work index, finished ones in the finished
    /// index — read with the one scan of the Instances table this takes.
    /// </summary>
    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        if (_backfilled || await engine.Store.Work.IsBackfilledAsync(cancellationToken))
        {
            _backfilled = true;
            return;
        }

        await engine.Store.EnsureCreatedAsync();
        await foreach (var row in engine.Store.Instances.QueryAsync<TableEntity>(select: ["PartitionKey", "RuntimeStatus", "HasWork", "ExecutionId", "CreatedAt"], cancellationToken: cancellationToken))
        {
            var status = Enum.TryParse<InstanceStatus>(row.GetString("RuntimeStatus"), out var parsed) ? parsed : InstanceStatus.Pending;
            if (status.IsTerminal())
            {
                await engine.Store.Finished.RecordAsync(row.PartitionKey, row.GetString("ExecutionId") ?? string.Empty, row.GetDateTime("CreatedAt") ?? engine.UtcNow, cancellationToken);
            }
            else if (status == InstanceStatus.Pending || row.GetBoolean("HasWork") == true)
            {
                await engine.Store.Work.MarkAsync(row.PartitionKey, engine.UtcNow, cancellationToken);
            }
        }

        await engine.Store.Work.SetBackfilledAsync(engine.UtcNow, cancellationToken);
        _backfilled = true;
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

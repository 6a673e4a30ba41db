using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Shop.Durable.Core;
using Shop.Hosting.Storage;

namespace Shop.Durable.Storage;

/// <summary>
/// The engine's tables and blobs. History table: PartitionKey = instance id; RowKey <c>state.{id}</c> (status,
/// outbox, concurrency token) and <c>h{generation}-{episode}.{id}</c> (the events of one episode); row keys carry the
/// instance id to be unique in the table (<see cref="TableKeys"/>). Instances table: the queryable projection
/// (RowKey <c>instance.{id}</c>). The work index: the instances that have work (<see cref="WorkIndex"/>); the finished index: finished
/// instances by creation day (<see cref="FinishedIndex"/>). Every commit is one entity-group transaction in the instance's History partition.
/// </summary>
internal sealed class DurableStore
{
    /// <summary>The RowKey of an instance's state row.</summary>
    public static string StateRowKey(string instanceId) => TableKeys.Row("state", instanceId);

    /// <summary>The RowKey of an instance's Instances row.</summary>
    public static string InstanceRowKey(string instanceId) => TableKeys.Row("instance", instanceId);

    private const int MaxDeletesPerCommit = 90;

    private readonly Lazy<Task> _created;

    public DurableStore(StorageClientFactory storage, IOptions<DurableOptions> options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var settings = options.Value;
        Names = new TaskHubNames(settings.TaskHub, settings.ControlQueueCount);
        var tables = storage.GetTableServiceClient(settings.Connection);
        History = tables.GetTableClient(Names.HistoryTable);
        Instances = tables.GetTableClient(Names.InstancesTable);
        Payloads = new PayloadStore(storage.GetBlobServiceClient(settings.Connection).GetBlobContainerClient(Names.PayloadContainer));
        Work = new WorkIndex(tables.GetTableClient(Names.WorkTable));
        Finished = new FinishedIndex(tables.GetTableClient(Names.FinishedTable));
        _created = new Lazy<Task>(() => Task.WhenAll(History.CreateIfNotExistsAsync(), Instances.CreateIfNotExistsAsync()));
    }

    public TaskHubNames Names { get; }

    public TableClient History { get; }

    public TableClient Instances { get; }

    public PayloadStore Payloads { get; }

    /// <summary>The instances that have work: what the recovery sweep reads.</summary>
    public WorkIndex Work { get; }

    /// <summary>The finished instances by creation day: what a bulk purge reads.</summary>
    public FinishedIndex Finished { get; }

    public Task EnsureCreatedAsync() => _created.Value;

    // ---- History ----

    /// <summary>
    /// Reads the instance's partition. The events of a finished instance are decoded only with
    /// <paramref name="eventsOfFinished"/> (a damaged history must not block operations on a failed instance).
    /// </summary>
    public async Task<LoadedHistory> LoadAsync(string instanceId, bool eventsOfFinished = true, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync();
        TableEntity? stateRow = null;
        var rows = new List<TableEntity>();
        await foreach (var row in History.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey == StateRowKey(instanceId))
            {
                stateRow = row;
            }
            else
            {
                rows.Add(row);
            }
        }

        if (stateRow is null)
        {
            return new LoadedHistory(null, [], rows.Select(r => r.RowKey).ToList());
        }

        var state = await ReadStateAsync(stateRow, cancellationToken);
        if (!eventsOfFinished && state.Status.IsTerminal())
        {
            return new LoadedHistory(state, [], []);
        }

        var prefix = InstanceState.HistoryRowPrefix(state.Generation);
        var events = new List<HistoryEvent>(state.EventCount);
        var stale = new List<string>();
        foreach (var row in rows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            if (!row.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            {
                stale.Add(row.RowKey);
                continue;
            }

            events.AddRange(await ReadEventsAsync(row, cancellationToken));
        }

        return new LoadedHistory(state, events, stale);
    }

    /// <summary>The history of the current generation, for display.</summary>
    public async Task<IReadOnlyList<HistoryEvent>?> ReadHistoryAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var loaded = await LoadAsync(instanceId, cancellationToken: cancellationToken);
        return loaded.State is null ? null : loaded.Events;
    }

    /// <summary>Commits one episode atomically; returns the state row's new ETag.</summary>
    /// <exception cref="ConcurrencyConflictException">Another writer committed first.</exception>
    public async Task<ETag> CommitAsync(CommitBatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await EnsureCreatedAsync();
        var next = batch.Next;
        var actions = new List<TableTransactionAction>();
        if (batch.Events.Count > 0)
        {
            var row = new TableEntity(next.InstanceId, InstanceState.HistoryRowKey(next.InstanceId, next.Generation, next.Episodes - 1))
            {
                ["FirstSequence"] = batch.Events[0].Sequence,
                ["Count"] = batch.Events.Count,
            };
            await WriteBinaryAsync(row, "Events", JsonSerializer.SerializeToUtf8Bytes(batch.Events, DurableJson.Records), next.InstanceId, cancellationToken);
            StorageLimits.Validate(row);
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }

        var state = await ToEntityAsync(next, cancellationToken);
        var stateIndex = actions.Count;
        actions.Add(batch.Previous is null
            ? new TableTransactionAction(TableTransactionActionType.Add, state)
            : new TableTransactionAction(TableTransactionActionType.UpdateReplace, state, batch.Previous.ETag));

        foreach (var rowKey in batch.DeleteRowKeys.Take(MaxDeletesPerCommit))
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(next.InstanceId, rowKey), ETag.All));
        }

        if (actions.Count > StorageLimits.MaxBatchOperations)
        {
            throw new InvalidOperationException($"A commit of {actions.Count} operations passes the limit of {StorageLimits.MaxBatchOperations} per transaction.");
        }

        try
        {
            var response = await History.SubmitTransactionAsync(actions, cancellationToken);
            var etag = response.Value[stateIndex].Headers.ETag ?? throw new InvalidOperationException("The table service returned no ETag for the state row.");
            if (batch.DeleteRowKeys.Count > MaxDeletesPerCommit)
            {
                await DeleteRowsAsync(next.InstanceId, batch.DeleteRowKeys.Skip(MaxDeletesPerCommit).ToList(), cancellationToken);
            }

            return etag;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 || ex.ErrorCode is "EntityAlreadyExists" or "UpdateConditionNotSatisfied" or "ResourceNotFound")
        {
            throw new ConcurrencyConflictException($"Instance '{next.InstanceId}' was changed by another writer.", ex);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            throw new ConcurrencyConflictException($"Instance '{next.InstanceId}' was changed by another writer.", ex);
        }
    }

    /// <summary>Deletes history rows (best effort, batched).</summary>
    public async Task DeleteRowsAsync(string instanceId, IReadOnlyList<string> rowKeys, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in rowKeys.Chunk(StorageLimits.MaxBatchOperations))
        {
            var actions = chunk.Select(rk => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(instanceId, rk), ETag.All)).ToList();
            try
            {
                await History.SubmitTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException)
            {
                // A row is already gone: delete one by one.
                foreach (var rk in chunk)
                {
                    await History.DeleteEntityAsync(instanceId, rk, ETag.All, cancellationToken);
                }
            }
        }
    }

    /// <summary>The raw state row, or null.</summary>
    public async Task<TableEntity?> ReadStateRowAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync();
        var response = await History.GetEntityIfExistsAsync<TableEntity>(instanceId, StateRowKey(instanceId), cancellationToken: cancellationToken);
        return response.HasValue ? response.Value : null;
    }

    public async Task<InstanceState> ReadStateAsync(TableEntity row, CancellationToken cancellationToken = default)
    {
        var outbox = await ReadBinaryAsync(row, "Outbox", cancellationToken);
        return new InstanceState
        {
            InstanceId = row.PartitionKey,
            Name = row.GetString("Name") ?? string.Empty,
            ExecutionId = row.GetString("ExecutionId") ?? string.Empty,
            Generation = row.GetInt32("Generation") ?? 0,
            Episodes = row.GetInt32("Episodes") ?? 0,
            EventCount = row.GetInt32("EventCount") ?? 0,
            Status = Enum.TryParse<InstanceStatus>(row.GetString("Status"), out var status) ? status : InstanceStatus.Running,
            CreatedAt = row.GetDateTime("CreatedAt") ?? DateTime.MinValue,
            LastUpdatedAt = row.GetDateTime("LastUpdatedAt") ?? DateTime.MinValue,
            CompletedAt = row.GetDateTime("CompletedAt"),
            Output = row.GetString("Output"),
            CustomStatus = row.GetString("CustomStatus"),
            Failure = row.GetString("Failure") is { } failure ? JsonSerializer.Deserialize<FailureRecord>(failure, DurableJson.Records) : null,
            ParentInstanceId = row.GetString("ParentInstanceId"),
            ParentName = row.GetString("ParentName"),
            ParentTaskId = row.GetInt32("ParentTaskId") ?? 0,
            ParentGeneration = row.GetInt32("ParentGeneration") ?? 0,
            Outbox = outbox is null ? [] : JsonSerializer.Deserialize<List<OutboxEntry>>(outbox, DurableJson.Records) ?? [],
            Version = row.GetInt64("Version") ?? 0,
            ETag = row.ETag,
        };
    }

    private async Task<TableEntity> ToEntityAsync(InstanceState state, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(state.InstanceId, StateRowKey(state.InstanceId))
        {
            ["Name"] = state.Name,
            ["ExecutionId"] = state.ExecutionId,
            ["Generation"] = state.Generation,
            ["Episodes"] = state.Episodes,
            ["EventCount"] = state.EventCount,
            ["Status"] = state.Status.ToString(),
            ["CreatedAt"] = state.CreatedAt,
            ["LastUpdatedAt"] = state.LastUpdatedAt,
            ["CompletedAt"] = state.CompletedAt,
            ["Output"] = state.Output,
            ["CustomStatus"] = state.CustomStatus,
            ["Failure"] = FailureJson(state.Failure),
            ["ParentInstanceId"] = state.ParentInstanceId,
            ["ParentName"] = state.ParentName,
            ["ParentTaskId"] = state.ParentTaskId,
            ["ParentGeneration"] = state.ParentGeneration,
            ["OutboxCount"] = state.Outbox.Count,
            ["Version"] = state.Version,
        };
        if (state.Outbox.Count > 0)
        {
            await WriteBinaryAsync(entity, "Outbox", JsonSerializer.SerializeToUtf8Bytes(state.Outbox, DurableJson.Records), state.InstanceId, cancellationToken);
        }

        StorageLimits.Validate(entity);
        return entity;
    }

    private async Task<IReadOnlyList<HistoryEvent>> ReadEventsAsync(TableEntity row, CancellationToken cancellationToken)
    {
        var data = await ReadBinaryAsync(row, "Events", cancellationToken);
        return data is null ? [] : JsonSerializer.Deserialize<List<HistoryEvent>>(data, DurableJson.Records) ?? [];
    }

    private async Task WriteBinaryAsync(TableEntity entity, string name, byte[] json, string instanceId, CancellationToken cancellationToken)
    {
        var encoded = BinaryProperty.Encode(json);
        if (encoded.Length <= StorageLimits.MaxInlineBinaryBytes)
        {
            BinaryProperty.Write(entity, name, encoded);
        }
        else
        {
            entity[name + "Blob"] = await Payloads.UploadAsync(instanceId, json, cancellationToken);
        }
    }

    private async Task<byte[]?> ReadBinaryAsync(TableEntity entity, string name, CancellationToken cancellationToken)
    {
        if (entity.GetString(name + "Blob") is { } blob)
        {
            return await Payloads.DownloadAsync(blob, cancellationToken);
        }

        return BinaryProperty.Read(entity, name) is { } encoded ? BinaryProperty.Decode(encoded) : null;
    }

    /// <summary>Failure details as JSON for a string property (long stack traces are cut).</summary>
    internal static string? FailureJson(FailureRecord? failure) =>
        failure is null ? null : JsonSerializer.Serialize(Trim(failure), DurableJson.Records);

    /// <summary>Cuts messages and stack traces so failure details fit the limits of a property.</summary>
    internal static FailureRecord Trim(FailureRecord failure, int depth = 0) => failure with
    {
        ErrorMessage = Cut(failure.ErrorMessage, 2_000),
        StackTrace = failure.StackTrace is null ? null : Cut(failure.StackTrace, 4_000),
        InnerFailure = failure.InnerFailure is null || depth >= 2 ? null : Trim(failure.InnerFailure, depth + 1),
    };

    private static string Cut(string value, int max) => value.Length <= max ? value : value[..max] + "…";

    // ---- Instances ----

    public async Task<InstanceRecord?> ReadInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync();
        var response = await Instances.GetEntityIfExistsAsync<TableEntity>(instanceId, InstanceRowKey(instanceId), cancellationToken: cancellationToken);
        return response.HasValue ? InstanceRecord.FromEntity(response.Value!) : null;
    }

    /// <summary>Inserts a new Instances row; null when one exists already.</summary>
    public async Task<ETag?> TryInsertInstanceAsync(InstanceRecord record, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync();
        try
        {
            var response = await Instances.AddEntityAsync(record.ToEntity(), cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Replaces an Instances row if it still has <paramref name="etag"/>; null when it changed.</summary>
    public async Task<ETag?> TryReplaceInstanceAsync(InstanceRecord record, ETag etag, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await Instances.UpdateEntityAsync(record.ToEntity(), etag, TableUpdateMode.Replace, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    /// <summary>Merges projection fields into an Instances row if it still has <paramref name="etag"/>; null when it changed or is gone.</summary>
    public async Task<ETag?> TryMergeInstanceAsync(TableEntity changes, ETag etag, CancellationToken cancellationToken = default)
    {
        StorageLimits.Validate(changes);
        try
        {
            var response = await Instances.UpdateEntityAsync(changes, etag, TableUpdateMode.Merge, cancellationToken);
            return response.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status is 412 or 404)
        {
            return null;
        }
    }

    public async Task<(IReadOnlyList<InstanceRecord> Records, string? ContinuationToken)> QueryInstancesAsync(
        string? filter, int pageSize, string? continuationToken, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync();
        await foreach (var page in Instances.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            return (page.Values.Select(InstanceRecord.FromEntity).ToList(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>
    /// Deletes every row and blob of a finished instance: its Instances row first, conditional on
    /// <paramref name="instanceETag"/> (the row as read when it was found finished: a restart meanwhile keeps it all, and
    /// false is returned; null when the row is gone already), then its history rows and state row, its payload blobs, and its finished-index row last. A
    /// purge that stops midway is finished by the next: the finished-index row still points at it. The history rows are
    /// deleted by key (the state row says how many episodes its generation has), without a query, unless the instance
    /// has run more than one generation (ContinueAsNew, restarts), whose leftover rows only its partition lists.
    /// </summary>
    public async Task<bool> PurgeAsync(string instanceId, ETag? instanceETag, CancellationToken cancellationToken = default)
    {
        await EnsureCreatedAsync();
        try
        {
            if (instanceETag is { } etag)
            {
                await Instances.DeleteEntityAsync(instanceId, InstanceRowKey(instanceId), etag, cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Gone already: a purge that stopped midway, finished here.
        }

        var stateRow = await ReadStateRowAsync(instanceId, cancellationToken);
        var generation = stateRow?.GetInt32("Generation") ?? 0;
        List<string> rowKeys;
        if (stateRow is not null && generation == 0)
        {
            rowKeys = Enumerable.Range(0, stateRow.GetInt32("Episodes") ?? 0).Select(i => InstanceState.HistoryRowKey(instanceId, 0, i)).ToList();
        }
        else
        {
            rowKeys = [];
            await foreach (var row in History.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["RowKey"], cancellationToken: cancellationToken))
            {
                rowKeys.Add(row.RowKey);
            }
        }

        // History rows first, the state row after them: a reader never sees a state without its history.
        await DeleteRowsAsync(instanceId, rowKeys.Where(rk => rk != StateRowKey(instanceId)).ToList(), cancellationToken);
        await History.DeleteEntityAsync(instanceId, StateRowKey(instanceId), ETag.All, cancellationToken);
        await Payloads.DeleteInstanceAsync(instanceId, cancellationToken);
        if (stateRow?.GetDateTime("CreatedAt") is { } createdAt)
        {
            await Finished.DeleteAsync(FinishedIndex.Bucket(createdAt), instanceId, ETag.All, cancellationToken);
        }

        return true;
    }

    /// <summary>Size in UTF-8 bytes (for limits on payloads).</summary>
    public static int Utf8Length(string? value) => value is null ? 0 : Encoding.UTF8.GetByteCount(value);
}

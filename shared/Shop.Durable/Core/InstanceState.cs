namespace Shop.Durable.Core;

/// <summary>
/// The instance's state row in the History table (RowKey <c>state.{id}</c>): the concurrency token of every commit,
/// the authoritative status and the outbox.
/// </summary>
internal sealed record InstanceState
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required string ExecutionId { get; init; }

    /// <summary>Bumped by ContinueAsNew and restarts; history rows are per generation.</summary>
    public int Generation { get; init; }

    /// <summary>History rows (episodes) of the current generation.</summary>
    public int Episodes { get; init; }

    /// <summary>History events of the current generation.</summary>
    public int EventCount { get; init; }

    public InstanceStatus Status { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime LastUpdatedAt { get; init; }

    public DateTime? CompletedAt { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public FailureRecord? Failure { get; init; }

    public string? ParentInstanceId { get; init; }

    public string? ParentName { get; init; }

    public int ParentTaskId { get; init; }

    public int ParentGeneration { get; init; }

    public IReadOnlyList<OutboxEntry> Outbox { get; init; } = [];

    /// <summary>Commits so far (orders projection writes).</summary>
    public long Version { get; init; }

    /// <summary>The state row's ETag (not stored).</summary>
    public Azure.ETag ETag { get; init; }

    /// <summary>The RowKey of an episode's history row: <c>h{generation}-{episode}.{id}</c> (ordered by episode in the partition).</summary>
    public static string HistoryRowKey(string instanceId, int generation, int episode) =>
        Hosting.Storage.TableKeys.Row($"{HistoryRowPrefix(generation)}{episode:D6}", instanceId);

    /// <summary>What the RowKeys of a generation's history rows start with.</summary>
    public static string HistoryRowPrefix(int generation) => $"h{generation:D6}-";
}

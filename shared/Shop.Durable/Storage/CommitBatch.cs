using Shop.Durable.Core;

namespace Shop.Durable.Storage;

/// <summary>
/// One episode's commit: the new history row, the state row (with its outbox), conditional on the previous state's
/// ETag, and deletions of another generation's rows — one entity-group transaction.
/// </summary>
internal sealed record CommitBatch(InstanceState? Previous, InstanceState Next, IReadOnlyList<HistoryEvent> Events, IReadOnlyList<string> DeleteRowKeys);

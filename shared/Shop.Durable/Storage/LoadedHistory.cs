using Shop.Durable.Core;

namespace Shop.Durable.Storage;

/// <summary>What is stored of an instance in the History table.</summary>
internal sealed record LoadedHistory(InstanceState? State, IReadOnlyList<HistoryEvent> Events, IReadOnlyList<string> StaleRowKeys);

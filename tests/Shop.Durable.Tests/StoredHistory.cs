namespace Shop.Durable.Tests;

/// <summary>The embedded backend's stored history of an instance, as the engine keeps it (payloads resolved).</summary>
internal static class StoredHistory
{
    public static Task<IReadOnlyList<HistoryEvent>?> GetInstanceHistoryAsync(this DurableTaskClient client, string instanceId) =>
        ((EmbeddedDurableTaskClient)client).ReadHistoryAsync(instanceId);

    /// <summary>The instance id of the first sub-orchestration <paramref name="parentId"/> started (Microsoft's executor makes it a GUID).</summary>
    public static async Task<string> FirstChildIdAsync(this DurableTaskClient client, string parentId) =>
        (await client.GetInstanceHistoryAsync(parentId))!.First(e => e.EventType == HistoryEventType.SubOrchestrationInstanceCreated).InstanceId!;
}

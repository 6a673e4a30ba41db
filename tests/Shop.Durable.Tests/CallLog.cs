using System.Collections.Concurrent;

namespace Shop.Durable.Tests;

/// <summary>What activities ran, for assertions (a DI singleton of each test host, injected into activities).</summary>
public sealed class CallLog
{
    private readonly ConcurrentQueue<ActivityCall> _calls = new();

    public void Add(string activity, string instanceId, int taskId, string? note = null) =>
        _calls.Enqueue(new ActivityCall(activity, instanceId, taskId, DateTime.UtcNow, note));

    public IReadOnlyList<ActivityCall> For(string instanceId) => _calls.Where(c => c.InstanceId == instanceId).ToList();

    public int Count(string instanceId, string activity) => _calls.Count(c => c.InstanceId == instanceId && c.Activity == activity);
}

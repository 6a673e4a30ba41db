namespace Shop.Durable.Storage;

/// <summary>The storage names of one task hub.</summary>
internal sealed class TaskHubNames(string taskHub, int controlQueueCount)
{
    /// <summary>The queue-name expression the queue functions use (resolved from the app setting).</summary>
    public const string TaskHubSetting = "%Durable__TaskHub%";

    public string TaskHub { get; } = taskHub;

    public string HistoryTable { get; } = taskHub + "history";

    public string InstancesTable { get; } = taskHub + "instances";

    /// <summary>The instances that have work (see <see cref="WorkIndex"/>).</summary>
    public string WorkTable { get; } = taskHub + "work";

    /// <summary>The finished instances by creation day (see <see cref="FinishedIndex"/>).</summary>
    public string FinishedTable { get; } = taskHub + "finished";

    public string PayloadContainer { get; } = taskHub + "-payloads";

    public string WorkItemQueue { get; } = WorkItemQueueName(taskHub);

    public int ControlQueueCount { get; } = controlQueueCount;

    public IEnumerable<string> AllQueues => Enumerable.Range(0, ControlQueueCount).Select(ControlQueue).Append(WorkItemQueue);

    public string ControlQueue(int partition) => ControlQueueName(TaskHub, partition);

    public string ControlQueueFor(string instanceId) => ControlQueue(PartitionOf(instanceId, ControlQueueCount));

    public static string ControlQueueName(string taskHub, int partition) => $"{taskHub}-control-{partition:D2}";

    public static string WorkItemQueueName(string taskHub) => taskHub + "-workitems";

    /// <summary>A stable hash (FNV-1a) of the instance id over the control queues.</summary>
    public static int PartitionOf(string instanceId, int count)
    {
        uint hash = 2166136261;
        foreach (var c in instanceId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)count);
    }
}

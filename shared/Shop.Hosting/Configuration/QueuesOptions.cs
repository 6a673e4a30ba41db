namespace Shop.Hosting.Configuration;

/// <summary><c>host.json</c> <c>extensions.queues</c>, with the Functions host's defaults.</summary>
public sealed class QueuesOptions
{
    /// <summary>Messages fetched and processed in parallel per poll.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>A new batch is fetched when the in-flight count drops to this; defaults to half the batch size.</summary>
    public int? NewBatchThreshold { get; init; }

    /// <summary>The longest wait between polls of an empty queue.</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed message stays invisible before it is retried.</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>Deliveries before a message moves to <c>&lt;queue&gt;-poison</c>.</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary><c>base64</c> (the Functions default) or <c>none</c>.</summary>
    public string MessageEncoding { get; init; } = "base64";

    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? Math.Max(BatchSize / 2, 0);
}

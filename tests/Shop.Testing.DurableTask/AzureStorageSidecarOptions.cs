using Azure.Core.Pipeline;

namespace Shop.Testing.DurableTask;

/// <summary>How to run the Durable Task Framework's Azure Storage provider behind the sidecar.</summary>
public sealed class AzureStorageSidecarOptions
{
    /// <summary>The storage account (an Azurite of the run's own: the provider's queue traffic slows the emulator).</summary>
    public required string ConnectionString { get; init; }

    /// <summary>The task hub: letters and digits, 3–45 characters (prefixes the provider's tables, queues and containers).</summary>
    public required string TaskHub { get; init; }

    /// <summary>
    /// The longest wait between polls of an empty queue (the provider's default is 30 s, which makes a durable timer or an
    /// idle instance's next event take that long to be noticed).
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Control-queue partitions (the provider's default is 4).</summary>
    public int PartitionCount { get; init; } = 4;

    /// <summary>A pipeline policy added to every storage client of the provider (e.g. an operation counter).</summary>
    public HttpPipelinePolicy? StoragePolicy { get; init; }
}

using Azure.Core.Pipeline;

namespace Shop.Hosting.Storage;

/// <summary>Optional settings for the storage clients the app creates.</summary>
public sealed class StorageClientOptions
{
    /// <summary>Policies added to every storage client's pipeline (for example, an operation counter in benchmarks).</summary>
    public IList<HttpPipelinePolicy> Policies { get; } = [];
}

using Microsoft.DurableTask.Worker;

namespace Shop.Durable;

/// <summary>Points a Durable Task worker at the embedded backend.</summary>
public static class EmbeddedWorkerBuilderExtensions
{
    /// <summary>Runs the worker's orchestrations and activities on the embedded backend (see <see cref="EmbeddedDurableTaskWorker"/>).</summary>
    public static IDurableTaskWorkerBuilder UseEmbeddedBackend(this IDurableTaskWorkerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.UseBuildTarget<EmbeddedDurableTaskWorker>();
    }
}

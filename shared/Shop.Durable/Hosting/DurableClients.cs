using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Durable;

/// <summary>
/// The <see cref="DurableTaskClient"/> of the current invocation: the one the Functions host bound to its
/// <c>[DurableClient]</c> parameter (<see cref="DurableClientBinding"/>), else the app's own (the embedded engine's, locally).
/// </summary>
public sealed class DurableClients(IServiceProvider services)
{
    private static readonly AsyncLocal<DurableTaskClient?> Bound = new();

    public DurableTaskClient Current => Bound.Value
        ?? services.GetService<DurableTaskClient>()
        ?? throw new InvalidOperationException("No DurableTaskClient: under the Functions host, the function must declare a [DurableClient] DurableTaskClient parameter.");

    /// <summary>Makes <paramref name="client"/> current for the calls made until the result is disposed.</summary>
    public static IDisposable Bind(DurableTaskClient client)
    {
        var previous = Bound.Value;
        Bound.Value = client;
        return new Restore(previous);
    }

    private sealed class Restore(DurableTaskClient? previous) : IDisposable
    {
        public void Dispose() => Bound.Value = previous;
    }
}

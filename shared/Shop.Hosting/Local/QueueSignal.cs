using System.Collections.Concurrent;

namespace Shop.Hosting.Local;

/// <summary>
/// Wakes the local listener of a queue when this process has just sent it a message, so the message is
/// picked up at once rather than at the next poll. Under the Functions host the host polls; this is a no-op there.
/// </summary>
public sealed class QueueSignal
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wakes the listener of <paramref name="queueName"/> now, or when <paramref name="delay"/> has passed.</summary>
    public void Notify(string queueName, TimeSpan? delay = null)
    {
        if (delay is { } d && d > TimeSpan.Zero)
        {
            _ = Task.Delay(d).ContinueWith(_ => Notify(queueName), TaskScheduler.Default);
            return;
        }

        var signal = Get(queueName);
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    /// <summary>Waits until the queue is signalled or <paramref name="timeout"/> passes.</summary>
    public Task<bool> WaitAsync(string queueName, TimeSpan timeout, CancellationToken cancellationToken) =>
        Get(queueName).WaitAsync(timeout, cancellationToken);

    private SemaphoreSlim Get(string queueName) => _signals.GetOrAdd(queueName, _ => new SemaphoreSlim(0, 1));
}

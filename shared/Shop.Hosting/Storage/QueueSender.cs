using System.Collections.Concurrent;
using Azure.Storage.Queues;
using Shop.Hosting.Functions;
using Shop.Hosting.Local;

namespace Shop.Hosting.Storage;

/// <summary>
/// Sends messages to trigger queues (Base64-encoded, as the Functions queue trigger reads them), creating a
/// queue on first use, and wakes this process's local listener so the message is handled promptly.
/// </summary>
public sealed class QueueSender(StorageClientFactory storage, QueueSignal signal)
{
    private readonly ConcurrentDictionary<string, Task> _created = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sends <paramref name="message"/>; with <paramref name="visibilityDelay"/> it becomes visible later (at most 7 days).</summary>
    public async Task SendAsync(
        string queueName,
        string message,
        TimeSpan? visibilityDelay = null,
        string connection = FunctionCatalog.DefaultConnection,
        CancellationToken cancellationToken = default)
    {
        var queue = storage.GetQueueClient(queueName, connection);
        await EnsureCreatedAsync(queue, connection, cancellationToken);
        await queue.SendMessageAsync(message, visibilityDelay, TimeSpan.FromSeconds(-1), cancellationToken);
        signal.Notify(queueName, visibilityDelay);
    }

    /// <summary>Creates the queue once per process.</summary>
    public async Task EnsureCreatedAsync(QueueClient queue, string connection = FunctionCatalog.DefaultConnection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queue);
        var key = connection + "/" + queue.Name;
        var creation = _created.GetOrAdd(key, _ => queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None));
        try
        {
            await creation.WaitAsync(cancellationToken);
        }
        catch (Exception) when (creation.IsFaulted)
        {
            _created.TryRemove(key, out _);
            throw;
        }
    }
}

using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Testing.Benchmarks;

/// <summary>
/// Counts storage requests by kind. Add it to an in-process app's clients as a pipeline policy
/// (<c>StorageClientOptions.Policies</c>), or call <see cref="Record"/> from whatever sees the requests
/// (a proxy in front of the emulator, for an app in another process).
/// </summary>
public sealed class StorageOperationCounter(int tablePort, int queuePort, int blobPort) : HttpPipelinePolicy
{
    private long _tables;
    private long _blobs;
    private long _queueSends;
    private long _queueOther;

    public StorageOperations Take() =>
        new(Interlocked.Read(ref _tables), Interlocked.Read(ref _blobs), Interlocked.Read(ref _queueSends), Interlocked.Read(ref _queueOther));

    /// <summary>Counts one request; a queue send is a <c>POST …/messages</c>.</summary>
    public void Record(StorageService service, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        switch (service)
        {
            case StorageService.Table:
                Interlocked.Increment(ref _tables);
                break;
            case StorageService.Blob:
                Interlocked.Increment(ref _blobs);
                break;
            case StorageService.Queue when method == "POST" && path.Split('?', 2)[0].EndsWith("/messages", StringComparison.Ordinal):
                Interlocked.Increment(ref _queueSends);
                break;
            default:
                Interlocked.Increment(ref _queueOther);
                break;
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        ProcessNext(message, pipeline);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Count(message);
        await ProcessNextAsync(message, pipeline);
    }

    private void Count(HttpMessage message)
    {
        var port = message.Request.Uri.Port;
        var service = port == tablePort ? StorageService.Table : port == blobPort ? StorageService.Blob : port == queuePort ? StorageService.Queue : (StorageService?)null;
        if (service is { } known)
        {
            Record(known, message.Request.Method.Method, message.Request.Uri.Path);
        }
    }
}

using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Testing;

/// <summary>
/// A storage pipeline policy that fails the requests a test names (as a 503 from the service), to stand for a process
/// that dies or a storage account that stops answering at a chosen moment.
/// </summary>
public sealed class StorageFaults : HttpPipelinePolicy
{
    private volatile Func<Request, bool>? _failWhen;

    /// <summary>How many requests were failed.</summary>
    public int Injected => _injected;

    private int _injected;

    public void FailWhen(Func<Request, bool>? predicate) => _failWhen = predicate;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        ProcessNext(message, pipeline);
    }

    public override ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        Check(message);
        return ProcessNextAsync(message, pipeline);
    }

    private void Check(HttpMessage message)
    {
        if (_failWhen is { } failWhen && failWhen(message.Request))
        {
            Interlocked.Increment(ref _injected);
            throw new RequestFailedException(503, $"Injected storage fault: {message.Request.Method} {message.Request.Uri.Path}");
        }
    }
}

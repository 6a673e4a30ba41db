using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Durable.Benchmarks;

/// <summary>Counts the storage requests the engine makes, by service (queue sends apart from queue polling).</summary>
internal sealed class OperationCounter(int tablePort, int queuePort, int blobPort) : HttpPipelinePolicy
{
    private long _tables;
    private long _blobs;
    private long _queueSends;
    private long _queueOther;

    public Snapshot Take() => new(Interlocked.Read(ref _tables), Interlocked.Read(ref _blobs), Interlocked.Read(ref _queueSends), Interlocked.Read(ref _queueOther));

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
        if (port == tablePort)
        {
            Interlocked.Increment(ref _tables);
        }
        else if (port == blobPort)
        {
            Interlocked.Increment(ref _blobs);
        }
        else if (port == queuePort && message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _queueSends);
        }
        else if (port == queuePort)
        {
            Interlocked.Increment(ref _queueOther);
        }
    }

    internal readonly record struct Snapshot(long Tables, long Blobs, long QueueSends, long QueueOther)
    {
        public long Work => Tables + Blobs + QueueSends;

        public long All => Work + QueueOther;

        public static Snapshot operator -(Snapshot a, Snapshot b) =>
            new(a.Tables - b.Tables, a.Blobs - b.Blobs, a.QueueSends - b.QueueSends, a.QueueOther - b.QueueOther);
    }
}

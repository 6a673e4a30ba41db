using Azure.Core;
using Azure.Core.Pipeline;

namespace Shop.Durable.Tests;

/// <summary>Counts the storage requests the app makes, by kind (queue polls apart from the rest).</summary>
public sealed class StorageOperationCounter : HttpPipelinePolicy
{
    private long _tables;
    private long _blobs;
    private long _queueSends;
    private long _queueOther;

    public long Tables => Interlocked.Read(ref _tables);

    public long Blobs => Interlocked.Read(ref _blobs);

    public long QueueSends => Interlocked.Read(ref _queueSends);

    /// <summary>Receives, deletes, creates: mostly the listeners polling.</summary>
    public long QueueOther => Interlocked.Read(ref _queueOther);

    /// <summary>Everything but queue polling: what the work itself costs.</summary>
    public long Work => Tables + Blobs + QueueSends;

    public string QueuePort { get; set; } = string.Empty;

    public string BlobPort { get; set; } = string.Empty;

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

    public void Reset()
    {
        Interlocked.Exchange(ref _tables, 0);
        Interlocked.Exchange(ref _blobs, 0);
        Interlocked.Exchange(ref _queueSends, 0);
        Interlocked.Exchange(ref _queueOther, 0);
    }

    private void Count(HttpMessage message)
    {
        var port = message.Request.Uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (port == QueuePort)
        {
            if (message.Request.Method == RequestMethod.Post && message.Request.Uri.Path.EndsWith("/messages", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _queueSends);
            }
            else
            {
                Interlocked.Increment(ref _queueOther);
            }
        }
        else if (port == BlobPort)
        {
            Interlocked.Increment(ref _blobs);
        }
        else
        {
            Interlocked.Increment(ref _tables);
        }
    }
}

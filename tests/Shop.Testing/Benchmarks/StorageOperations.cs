namespace Shop.Testing.Benchmarks;

/// <summary>
/// Storage requests counted so far, by kind. <see cref="Work"/> is what the workload asked for (table and blob
/// requests, queue sends); <see cref="All"/> adds the queue listeners' polling (receives, deletes, metadata).
/// </summary>
public readonly record struct StorageOperations(long Tables, long Blobs, long QueueSends, long QueueOther)
{
    public long Work => Tables + Blobs + QueueSends;

    public long All => Work + QueueOther;

    public static StorageOperations operator -(StorageOperations left, StorageOperations right) =>
        new(left.Tables - right.Tables, left.Blobs - right.Blobs, left.QueueSends - right.QueueSends, left.QueueOther - right.QueueOther);
}

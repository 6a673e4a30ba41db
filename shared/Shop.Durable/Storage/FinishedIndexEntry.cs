using Azure;

namespace Shop.Durable.Storage;

/// <summary>A row of the finished index (<see cref="FinishedIndex"/>): an instance that finished, its execution, and when it was created.</summary>
internal sealed record FinishedIndexEntry(string InstanceId, string ExecutionId, DateTime CreatedAt, string Bucket, ETag ETag);

using Azure;

namespace Shop.Durable.Storage;

/// <summary>
/// A row of the work index (<see cref="WorkIndex"/>): an instance that may have work to run or a start to make, when
/// the row was last marked, and who holds the lease on its running work, until when.
/// </summary>
internal sealed record WorkIndexEntry(string InstanceId, DateTime MarkedAt, DateTime? LeaseUntil, string? LeaseOwner, ETag ETag);

namespace Shop.Durable.Core;

/// <summary>What the Instances row last showed of an instance (to skip writes that change nothing).</summary>
internal sealed record ProjectionSnapshot(
    Azure.ETag? ETag,
    InstanceStatus Status,
    string? CustomStatus,
    string? Output,
    string? Failure,
    long Version,
    int Generation);

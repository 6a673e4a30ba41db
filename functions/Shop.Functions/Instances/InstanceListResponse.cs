namespace Shop.Functions.Instances;

/// <summary>A page of instances; pass <see cref="ContinuationToken"/> back for the next page (null on the last).</summary>
public sealed record InstanceListResponse(IReadOnlyList<InstanceResponse> Instances, string? ContinuationToken);

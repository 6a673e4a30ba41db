namespace Shop.Durable;

/// <summary>One page of instances and the token for the next page (null on the last page).</summary>
public sealed record OrchestrationQueryResult(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken);

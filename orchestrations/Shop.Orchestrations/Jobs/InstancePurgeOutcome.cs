namespace Shop.Orchestrations.Jobs;

/// <summary>What a purge did: how many instances went, whether it got through them all (null when the backend does not say), and its cutoff.</summary>
public sealed record InstancePurgeOutcome(int Purged, bool? Complete, DateTimeOffset CreatedBefore);

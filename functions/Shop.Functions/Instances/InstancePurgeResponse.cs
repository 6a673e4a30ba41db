namespace Shop.Functions.Instances;

/// <summary>
/// What a bulk purge did: how many finished instances went, whether it got through all of them (null when the backend
/// does not say; false: run it again to go on), and the creation time before which it purged.
/// </summary>
public sealed record InstancePurgeResponse(int Purged, bool? Complete, DateTimeOffset CreatedBefore);

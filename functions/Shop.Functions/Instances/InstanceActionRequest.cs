namespace Shop.Functions.Instances;

/// <summary>The optional body of terminate, suspend, resume and rewind: why (kept in the history).</summary>
public sealed record InstanceActionRequest(string? Reason);

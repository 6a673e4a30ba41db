namespace Shop.Functions.Restock;

/// <summary>A job run on demand: its name and how many items it queued or handled.</summary>
public sealed record JobRunResponse(string Job, int Items);

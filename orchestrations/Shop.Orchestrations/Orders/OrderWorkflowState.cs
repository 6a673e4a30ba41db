namespace Shop.Orchestrations.Orders;

/// <summary>Where an order's workflow is: its runtime status, its custom status (JSON), when it last moved, and why it failed.</summary>
public sealed record OrderWorkflowState(string RuntimeStatus, string? CustomStatus, DateTimeOffset LastUpdatedAt, string? Failure);

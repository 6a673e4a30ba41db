namespace Shop.Orchestrations.Orders;

/// <summary>The order orchestration's custom status: the step it is at, what it waits for, and until when.</summary>
public sealed record OrderWorkflowStatus(string Step, string WaitingFor, DateTime? Until);

namespace Shop.Functions.Orders;

/// <summary>
/// An order for ops: the customer's view plus who placed it, its payment and its workflow. <c>paymentRecovery</c> is set
/// when the capture failed after shipment: <c>reauthorized</c> (a new authorization was captured) or <c>collections</c>.
/// </summary>
public sealed record AdminOrderView(OrderView Order, string Email, string CartId, string? PaymentId, string PaymentMethod, WorkflowView? Workflow, string? PaymentRecovery = null);

/// <summary>The order's orchestration: runtime status, custom status (where it is, what it waits for), last update and failure.</summary>
public sealed record WorkflowView(string RuntimeStatus, string? CustomStatus, DateTimeOffset LastUpdatedAt, string? Failure);

/// <summary>A page of orders.</summary>
public sealed record AdminOrderPage(IReadOnlyList<AdminOrderSummary> Items, string? ContinuationToken);

/// <summary>One order in a listing.</summary>
public sealed record AdminOrderSummary(string OrderId, string Status, DateTimeOffset PlacedAt, string Email, Catalog.MoneyDto Total);

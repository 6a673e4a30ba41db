namespace Shop.LoadTests;

// The parts of the app's responses the shoppers read (the app's JSON is camelCase; other fields are ignored).
internal sealed record ProductPage(List<ProductItem> Items, string? ContinuationToken);

internal sealed record ProductItem(string Sku, string Availability);

internal sealed record CartCreated(string Id);

internal sealed record CheckoutAccepted(string OrderId, string Status);

internal sealed record OrderStatusView(string OrderId, string Status, string? Reason, List<TimelineEntry> Timeline, List<OrderLineChoice>? Lines = null);

internal sealed record TimelineEntry(string Step, DateTimeOffset At, string? Detail);

internal sealed record StockView(string Sku, int OnHand, int Held, int Available, long Received, long Sold);

internal sealed record InstanceView(string RuntimeStatus, List<HistoryEntry>? History);

internal sealed record HistoryEntry(int Sequence, string EventType, DateTime Timestamp, int? TaskId, string? Name);

internal sealed record AdminOrderPage(List<AdminOrderSummary> Items, string? ContinuationToken);

internal sealed record AdminOrderSummary(string OrderId, string Status);

// The simulated gateway's view of an order (GET /api/dev/payments?orderId=): its payments and their ledger entries.
internal sealed record PaymentsView(string OrderId, List<PaymentItem> Payments, List<LedgerItem> Ledger);

internal sealed record PaymentItem(string PaymentId, string Status);

internal sealed record LedgerItem(string PaymentId, string Kind, string Outcome, string IdempotencyKey);

internal sealed record OutboxItem(string Id, string To, string Template, string? OrderId);

internal sealed record AdminOrderView(OrderStatusView Order, string? PaymentId, WorkflowView? Workflow);

// CustomStatus is the workflow's custom status as JSON text: {"step":…,"waitingFor":…,"until":…}.
internal sealed record WorkflowView(string RuntimeStatus, string? CustomStatus, string? Failure);

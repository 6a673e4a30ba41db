namespace Shop.LoadTests;

// The parts of the app's responses the shoppers read (the app's JSON is camelCase; other fields are ignored).
internal sealed record ProductPage(List<ProductItem> Items, string? ContinuationToken);

internal sealed record ProductItem(string Sku, string Availability);

internal sealed record CartCreated(string Id);

internal sealed record CheckoutAccepted(string OrderId, string Status);

internal sealed record OrderStatusView(string OrderId, string Status, string? Reason, List<TimelineEntry> Timeline);

internal sealed record TimelineEntry(string Step, DateTimeOffset At, string? Detail);

internal sealed record StockView(string Sku, int OnHand, int Held, int Available, long Received, long Sold);

internal sealed record InstanceView(string RuntimeStatus, List<HistoryEntry>? History);

internal sealed record HistoryEntry(int Sequence, string EventType, DateTime Timestamp, int? TaskId, string? Name);

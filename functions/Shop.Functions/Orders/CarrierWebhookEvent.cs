namespace Shop.Functions.Orders;

/// <summary>A carrier tracking webhook: <c>status</c> is <c>out_for_delivery</c>, <c>delayed</c>, <c>exception</c> or <c>delivered</c>.</summary>
public sealed record CarrierWebhookEvent(string? EventId, string? OrderId, string? TrackingNumber, string? Status, DateTimeOffset? OccurredAt, string? Detail);

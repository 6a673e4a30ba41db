namespace Shop.Functions.Orders;

/// <summary>An optional reason for a cancellation.</summary>
public sealed record CancelOrderRequest(string? Reason);

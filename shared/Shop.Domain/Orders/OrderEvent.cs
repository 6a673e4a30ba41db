namespace Shop.Domain.Orders;

/// <summary>One step of an order's timeline, shown to the customer.</summary>
public sealed record OrderEvent(string Step, DateTimeOffset At, string? Detail = null);

namespace Shop.Domain.Orders;

/// <summary>A page of orders and the opaque token for the next one (null at the end).</summary>
public sealed record OrderPage(IReadOnlyList<Order> Orders, string? ContinuationToken);

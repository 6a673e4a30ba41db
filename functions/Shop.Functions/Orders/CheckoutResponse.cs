namespace Shop.Functions.Orders;

/// <summary>The accepted checkout: the order id (keep it: it is the only way to the order) and its status.</summary>
public sealed record CheckoutResponse(string OrderId, string Status);

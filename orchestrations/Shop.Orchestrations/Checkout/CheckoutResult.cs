namespace Shop.Orchestrations.Checkout;

/// <summary>The placed order: its id (also its workflow's instance id) and status.</summary>
public sealed record CheckoutResult(string OrderId, string Status);

namespace Shop.Orchestrations.Orders;

/// <summary>The input of the validation step: the order and the total the customer saw, when the storefront sent it.</summary>
public sealed record ValidateStep(string OrderId, long? ExpectedTotalMinor);

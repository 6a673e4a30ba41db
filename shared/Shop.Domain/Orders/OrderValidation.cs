namespace Shop.Domain.Orders;

/// <summary>Why an order was refused at validation: the field at fault and words the storefront can show.</summary>
public sealed record OrderValidationFailure(string Field, string Reason);

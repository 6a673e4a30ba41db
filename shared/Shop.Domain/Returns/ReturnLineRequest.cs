namespace Shop.Domain.Returns;

/// <summary>A line the customer wants to return: the SKU and how many units.</summary>
public sealed record ReturnLineRequest(string? Sku, int Quantity);

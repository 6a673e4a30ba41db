namespace Shop.Domain.Orders;

/// <summary>Where an order ships.</summary>
public sealed record ShippingAddress(
    string Name,
    string Line1,
    string? Line2,
    string City,
    string? Region,
    string PostalCode,
    string Country);

namespace Shop.Functions.Orders;

/// <summary>A shipping address as the API reads and writes it.</summary>
public sealed record AddressDto(string? Name, string? Line1, string? Line2, string? City, string? Region, string? PostalCode, string? Country);

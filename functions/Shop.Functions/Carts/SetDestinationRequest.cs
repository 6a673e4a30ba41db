namespace Shop.Functions.Carts;

/// <summary>Where the cart ships: ISO country code, postal code, and the region (state) for home-country destinations.</summary>
public sealed record SetDestinationRequest(string? Country, string? PostalCode, string? Region);

using Shop.Domain.Carts;

namespace Shop.Functions.Carts;

/// <summary>Where a cart ships.</summary>
public sealed record DestinationDto(string Country, string PostalCode, string? Region)
{
    public static DestinationDto? From(ShippingDestination? destination) =>
        destination is null ? null : new DestinationDto(destination.Country, destination.PostalCode, destination.Region);
}

using System.ComponentModel.DataAnnotations;

namespace Shop.Functions.Orders;

/// <summary>
/// A shipping address as the API reads and writes it: <c>line2</c> and <c>region</c> are optional, the others required
/// (nullable here so that a missing one is a 400 naming it).
/// </summary>
public sealed record AddressDto(
    [property: Required] string? Name,
    [property: Required] string? Line1,
    string? Line2,
    [property: Required] string? City,
    string? Region,
    [property: Required] string? PostalCode,
    [property: Required] string? Country);

using System.Text.RegularExpressions;

namespace Shop.Domain.Carts;

/// <summary>Where a cart ships: an ISO 3166-1 alpha-2 country, a postal code and, where it matters for tax, a region (state, province).</summary>
public sealed partial record ShippingDestination
{
    private ShippingDestination(string country, string postalCode, string? region)
    {
        Country = country;
        PostalCode = postalCode;
        Region = region;
    }

    /// <summary>Upper-case ISO 3166-1 alpha-2 code, e.g. <c>US</c>.</summary>
    public string Country { get; }

    public string PostalCode { get; }

    /// <summary>Upper-case region code, e.g. <c>CA</c> for California; null when none was given.</summary>
    public string? Region { get; }

    /// <summary>Checks and normalizes a destination; an <see cref="ArgumentException"/> names the field at fault.</summary>
    public static ShippingDestination Create(string country, string postalCode, string? region)
    {
        var c = (country ?? string.Empty).Trim().ToUpperInvariant();
        if (!CountryPattern().IsMatch(c))
        {
            throw new ArgumentException("The country must be a two-letter ISO 3166-1 code, e.g. US.", nameof(country));
        }

        var p = (postalCode ?? string.Empty).Trim().ToUpperInvariant();
        if (!PostalCodePattern().IsMatch(p))
        {
            throw new ArgumentException("The postal code must be 2 to 16 letters, digits, spaces or dashes.", nameof(postalCode));
        }

        var r = string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant();
        if (r is not null && !RegionPattern().IsMatch(r))
        {
            throw new ArgumentException("The region must be 1 to 10 letters or digits, e.g. CA.", nameof(region));
        }

        return new ShippingDestination(c, p, r);
    }

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9 -]{0,14}[A-Z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex("^[A-Z0-9]{1,10}$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}

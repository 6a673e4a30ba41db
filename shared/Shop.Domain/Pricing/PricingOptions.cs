using System.ComponentModel.DataAnnotations;

namespace Shop.Domain.Pricing;

/// <summary>
/// Prices, shipping and tax for one home country (settings section <c>Pricing</c>). The defaults suit a US shop:
/// USD, domestic = US, regional = Canada and Mexico, everything else international, free domestic shipping from
/// $75, and state sales tax by the destination state.
/// </summary>
public sealed class PricingOptions
{
    public const string Section = "Pricing";

    /// <summary>The shop's currency; every product is priced in it (ISO 4217).</summary>
    [Required]
    public string Currency { get; set; } = "USD";

    /// <summary>The country shipping is domestic to and whose regions the tax table names (ISO 3166-1 alpha-2).</summary>
    [Required]
    [RegularExpression("^[A-Za-z]{2}$")]
    public string HomeCountry { get; set; } = "US";

    /// <summary>Countries in the regional zone, comma-separated.</summary>
    public string RegionalCountries { get; set; } = "CA,MX";

    [Range(0, 100_000)]
    public decimal DomesticShippingBase { get; set; } = 5.99m;

    [Range(0, 100_000)]
    public decimal DomesticShippingPerKg { get; set; } = 1.00m;

    [Range(0, 100_000)]
    public decimal RegionalShippingBase { get; set; } = 14.99m;

    [Range(0, 100_000)]
    public decimal RegionalShippingPerKg { get; set; } = 4.00m;

    [Range(0, 100_000)]
    public decimal InternationalShippingBase { get; set; } = 29.99m;

    [Range(0, 100_000)]
    public decimal InternationalShippingPerKg { get; set; } = 9.00m;

    /// <summary>A subtotal at or above this ships free (in the zones of <see cref="FreeShippingZones"/>); 0 turns it off.</summary>
    [Range(0, 10_000_000)]
    public decimal FreeShippingThreshold { get; set; } = 75m;

    /// <summary>Zones where the free-shipping threshold applies, comma-separated (Domestic, Regional, International).</summary>
    public string FreeShippingZones { get; set; } = "Domestic";

    /// <summary>Whether shipping is taxed as well as goods (default false).</summary>
    public bool TaxShipping { get; set; }

    /// <summary>
    /// Sales-tax rate by region of the home country (e.g. <c>Pricing__TaxRates__CA = 0.0725</c>). When empty and the home
    /// country is the US, the state base rates of <see cref="UnitedStatesSalesTax"/> apply. Other countries pay no tax.
    /// </summary>
    public Dictionary<string, decimal> TaxRates { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

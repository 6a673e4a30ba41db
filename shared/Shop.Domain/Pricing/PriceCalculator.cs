using Shop.Domain.Carts;
using Shop.Domain.Common;

namespace Shop.Domain.Pricing;

/// <summary>
/// Subtotal, shipping, tax and total. Shipping is a zone's base rate plus its rate per started kilogram, free at or
/// above the threshold in the zones it applies to; tax is the destination region's rate (home country only) on the
/// subtotal (and on shipping when <see cref="PricingOptions.TaxShipping"/>). Amounts round to the currency's minor unit.
/// </summary>
public sealed class PriceCalculator
{
    private readonly PricingOptions _options;
    private readonly HashSet<string> _regional;
    private readonly HashSet<ShippingZone> _freeZones;
    private readonly IReadOnlyDictionary<string, decimal> _taxRates;

    public PriceCalculator(PricingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Currency = Currencies.Normalize(options.Currency);
        HomeCountry = options.HomeCountry.Trim().ToUpperInvariant();
        _regional = new HashSet<string>(Split(options.RegionalCountries).Select(c => c.ToUpperInvariant()), StringComparer.Ordinal);
        _freeZones = [.. Split(options.FreeShippingZones).Select(z => Enum.Parse<ShippingZone>(z, ignoreCase: true))];
        _taxRates = options.TaxRates.Count > 0
            ? new Dictionary<string, decimal>(options.TaxRates, StringComparer.OrdinalIgnoreCase)
            : HomeCountry == "US" ? UnitedStatesSalesTax.StateRates : new Dictionary<string, decimal>();
        if (_taxRates.Values.Any(r => r is < 0m or > 1m))
        {
            throw new ArgumentException("Tax rates are fractions from 0 to 1 (0.0725 for 7.25%).", nameof(options));
        }
    }

    /// <summary>The shop's currency (upper case).</summary>
    public string Currency { get; }

    public string HomeCountry { get; }

    /// <summary>The regions of the home country that the tax table knows (empty when it has none).</summary>
    public IEnumerable<string> TaxRegions => _taxRates.Keys;

    public ShippingZone ZoneOf(string country)
    {
        ArgumentNullException.ThrowIfNull(country);
        var code = country.Trim().ToUpperInvariant();
        return code == HomeCountry ? ShippingZone.Domestic
            : _regional.Contains(code) ? ShippingZone.Regional
            : ShippingZone.International;
    }

    /// <summary>
    /// True when the destination names a region the tax table can price: any destination abroad; at home, one of the
    /// table's regions (a region is then required) — unless the table is empty.
    /// </summary>
    public bool IsKnownRegion(ShippingDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return destination.Country != HomeCountry
            || _taxRates.Count == 0
            || (destination.Region is { } region && _taxRates.ContainsKey(region));
    }

    /// <summary>The tax rate for a destination: the region's at home, 0 abroad or for a region the table does not name.</summary>
    public decimal TaxRateFor(ShippingDestination destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        return destination.Country == HomeCountry && destination.Region is { } region && _taxRates.TryGetValue(region, out var rate) ? rate : 0m;
    }

    /// <summary>The shipping charge for <paramref name="weightGrams"/> to <paramref name="zone"/> given the subtotal.</summary>
    public Money QuoteShipping(int weightGrams, Money subtotal, ShippingZone zone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weightGrams);
        if (IsFreeShipping(subtotal, zone))
        {
            return Money.Zero(Currency);
        }

        var (baseRate, perKg) = zone switch
        {
            ShippingZone.Domestic => (_options.DomesticShippingBase, _options.DomesticShippingPerKg),
            ShippingZone.Regional => (_options.RegionalShippingBase, _options.RegionalShippingPerKg),
            _ => (_options.InternationalShippingBase, _options.InternationalShippingPerKg),
        };
        var kilograms = (weightGrams + 999) / 1000;
        return new Money(baseRate + (perKg * kilograms), Currency);
    }

    /// <summary>Prices lines for a destination (none yet: no shipping or tax).</summary>
    public PriceBreakdown Price(IEnumerable<PricedLine> lines, ShippingDestination? destination)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var subtotal = Money.Zero(Currency);
        var items = 0;
        var grams = 0L;
        foreach (var line in lines)
        {
            subtotal += line.LineTotal;
            items += line.Quantity;
            grams += (long)line.WeightGrams * line.Quantity;
        }

        var weight = (int)Math.Min(grams, int.MaxValue);
        var threshold = _options.FreeShippingThreshold > 0m ? new Money(_options.FreeShippingThreshold, Currency) : (Money?)null;
        if (destination is null || items == 0)
        {
            return new PriceBreakdown(subtotal, null, null, subtotal, destination is null ? null : ZoneOf(destination.Country),
                destination is null ? null : TaxRateFor(destination), false, threshold, items, weight);
        }

        var zone = ZoneOf(destination.Country);
        var shipping = QuoteShipping(weight, subtotal, zone);
        var rate = TaxRateFor(destination);
        var taxable = _options.TaxShipping ? subtotal + shipping : subtotal;
        var tax = taxable * rate;
        return new PriceBreakdown(subtotal, shipping, tax, subtotal + shipping + tax, zone, rate, IsFreeShipping(subtotal, zone), threshold, items, weight);
    }

    private bool IsFreeShipping(Money subtotal, ShippingZone zone) =>
        _options.FreeShippingThreshold > 0m && _freeZones.Contains(zone) && subtotal.Amount >= _options.FreeShippingThreshold;

    private static IEnumerable<string> Split(string? list) =>
        (list ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

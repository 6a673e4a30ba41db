namespace Shop.Domain.Orders;

/// <summary>Validation and fraud rules for new orders (settings section <c>Orders</c>).</summary>
public sealed class OrderRulesOptions
{
    /// <summary>ISO 3166 alpha-2 codes the shop ships to (comma-separated in settings).</summary>
    public string SupportedCountries { get; set; } = "US,CA,MX,GB,DE,FR,NL";

    /// <summary>Orders above this total (in the order's currency) are refused as a fraud risk.</summary>
    public decimal MaxOrderValue { get; set; } = 5000m;

    /// <summary>Destinations refused as high risk (comma-separated ISO codes; empty for none).</summary>
    public string HighRiskCountries { get; set; } = string.Empty;

    /// <summary>More orders than this from one email within an hour are refused.</summary>
    public int MaxOrdersPerEmailPerHour { get; set; } = 5;

    public IReadOnlySet<string> SupportedCountrySet => Split(SupportedCountries);

    public IReadOnlySet<string> HighRiskCountrySet => Split(HighRiskCountries);

    private static HashSet<string> Split(string codes) =>
        codes.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToUpperInvariant())
            .ToHashSet(StringComparer.Ordinal);
}

namespace Shop.Domain.Common;

/// <summary>The ISO 4217 currencies the shop accepts, with their minor units and symbols.</summary>
public static class Currencies
{
    private static readonly Dictionary<string, (int MinorUnits, string? Symbol)> Known = new(StringComparer.Ordinal)
    {
        ["USD"] = (2, "$"),
        ["EUR"] = (2, "€"),
        ["GBP"] = (2, "£"),
        ["CAD"] = (2, "CA$"),
        ["AUD"] = (2, "A$"),
        ["CHF"] = (2, null),
        ["SEK"] = (2, null),
        ["NOK"] = (2, null),
        ["DKK"] = (2, null),
        ["PLN"] = (2, null),
        ["JPY"] = (0, "¥"),
        ["KRW"] = (0, "₩"),
        ["BHD"] = (3, null),
        ["KWD"] = (3, null),
    };

    /// <summary>True when <paramref name="code"/> is a supported ISO 4217 code (any case).</summary>
    public static bool IsSupported(string? code) => code is not null && Known.ContainsKey(code.Trim().ToUpperInvariant());

    /// <summary>The upper-case code, or an <see cref="ArgumentException"/> for an unsupported one.</summary>
    public static string Normalize(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var upper = code.Trim().ToUpperInvariant();
        return Known.ContainsKey(upper) ? upper : throw new ArgumentException($"'{code}' is not a supported ISO 4217 currency.", nameof(code));
    }

    public static int MinorUnits(string code) => Known[Normalize(code)].MinorUnits;

    public static string? Symbol(string code) => Known[Normalize(code)].Symbol;
}

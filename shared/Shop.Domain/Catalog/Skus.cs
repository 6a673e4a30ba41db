using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Shop.Domain.Catalog;

/// <summary>
/// Stock-keeping unit codes: 1–64 characters, upper-case letters, digits, '-' and '_', starting with a letter or
/// digit. Codes are compared upper-case, so <c>mug-blue</c> and <c>MUG-BLUE</c> are the same product.
/// </summary>
public static partial class Skus
{
    public const int MaxLength = 64;

    /// <summary>True when <paramref name="raw"/> is a well-formed SKU; <paramref name="sku"/> is its canonical (upper-case) form.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? raw, [NotNullWhen(true)] out string? sku)
    {
        sku = null;
        if (raw is null)
        {
            return false;
        }

        var candidate = raw.Trim().ToUpperInvariant();
        if (!Pattern().IsMatch(candidate))
        {
            return false;
        }

        sku = candidate;
        return true;
    }

    /// <summary>The canonical form of <paramref name="raw"/>, or an <see cref="ArgumentException"/> when it is not a SKU.</summary>
    public static string Normalize(string raw) =>
        TryNormalize(raw, out var sku) ? sku : throw new ArgumentException($"'{raw}' is not a valid SKU.", nameof(raw));

    [GeneratedRegex("^[A-Z0-9][A-Z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

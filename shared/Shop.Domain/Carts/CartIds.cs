using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Shop.Domain.Carts;

/// <summary>Cart ids: 32 lower-case hex characters, 128 bits from a cryptographic random source, so they cannot be guessed.</summary>
public static partial class CartIds
{
    public static string New() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    public static bool IsWellFormed(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Shop.Domain.Catalog;

namespace Shop.Functions.Catalog;

/// <summary>Opaque paging tokens: base64url of a version tag and the last SKU shown.</summary>
internal static class ContinuationTokens
{
    private const string Version = "p1:";

    public static string Encode(string lastSku) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + lastSku));

    public static bool TryDecode(string token, [NotNullWhen(true)] out string? lastSku)
    {
        lastSku = null;
        if (token.Length > 200)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(Version, StringComparison.Ordinal) && Skus.TryNormalize(text[Version.Length..], out lastSku);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

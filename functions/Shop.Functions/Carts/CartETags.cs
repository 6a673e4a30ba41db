using System.Buffers.Text;
using System.Text;
using Microsoft.Extensions.Primitives;

namespace Shop.Functions.Carts;

/// <summary>
/// HTTP entity tags for carts: the stored version's ETag, base64url-encoded and quoted (a strong ETag). An
/// <c>If-Match</c> of <c>*</c> matches any version; a list matches when one of its tags is the current version.
/// </summary>
internal static class CartETags
{
    public static string ToHttp(string storeETag) => "\"" + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(storeETag)) + "\"";

    /// <summary>The stored ETags an <c>If-Match</c> header accepts; null when there is none (or it is <c>*</c>).</summary>
    public static IReadOnlyCollection<string>? ParseIfMatch(StringValues header)
    {
        if (StringValues.IsNullOrEmpty(header))
        {
            return null;
        }

        var accepted = new List<string>();
        foreach (var value in header)
        {
            foreach (var part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (part == "*")
                {
                    return null;
                }

                var tag = part.StartsWith("W/", StringComparison.Ordinal) ? part[2..] : part;
                tag = tag.Trim('"');
                try
                {
                    accepted.Add(Encoding.UTF8.GetString(Base64Url.DecodeFromChars(tag)));
                }
                catch (FormatException)
                {
                    // Not one of ours: it matches no version.
                }
            }
        }

        return accepted;
    }
}

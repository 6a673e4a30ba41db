using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using Shop.Infrastructure.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>Opaque paging tokens of a product's reviews: base64url of a version tag and the last review id shown.</summary>
internal static class ReviewContinuationTokens
{
    private const string Version = "rv1:";

    public static string Encode(string lastReviewId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + lastReviewId));

    public static bool TryDecode(string token, [NotNullWhen(true)] out string? lastReviewId)
    {
        lastReviewId = null;
        if (token.Length > 200)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Version, StringComparison.Ordinal) && ReviewStore.IsReviewId(text[Version.Length..]))
            {
                lastReviewId = text[Version.Length..];
                return true;
            }

            return false;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

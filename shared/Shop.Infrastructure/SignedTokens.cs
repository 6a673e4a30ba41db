using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Shop.Infrastructure;

/// <summary>
/// Tokens for links in emails: <c>{base64url(payload)}.{base64url(HMAC-SHA256)}</c>, the MAC over
/// <c>{purpose}\n{payload}</c>, so a token signed for one purpose (a review link) is refused for another (an
/// unsubscribe link) even under the same secret. The payload is readable by whoever holds the token: never put a
/// secret in it.
/// </summary>
internal static class SignedTokens
{
    /// <summary>The longest token accepted (a guard against oversized input before any work).</summary>
    public const int MaxLength = 1024;

    public static string Sign(string secret, string purpose, string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        return $"{Base64Url.EncodeToString(body)}.{Base64Url.EncodeToString(Mac(secret, purpose, payload))}";
    }

    /// <summary>The payload of a token signed with <paramref name="secret"/> for <paramref name="purpose"/>; null when forged, altered or malformed.</summary>
    public static string? Verify(string secret, string purpose, string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var dot = token.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == token.Length - 1)
        {
            return null;
        }

        try
        {
            var payload = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token.AsSpan(0, dot)));
            var mac = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            return CryptographicOperations.FixedTimeEquals(mac, Mac(secret, purpose, payload)) ? payload : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Mac(string secret, string purpose, string payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{purpose}\n{payload}"));
}

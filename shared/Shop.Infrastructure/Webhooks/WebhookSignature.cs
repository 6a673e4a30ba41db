using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Shop.Hosting.Configuration;

namespace Shop.Infrastructure.Webhooks;

/// <summary>
/// The carrier's webhook signature: header <c>t=&lt;unix seconds&gt;,sha256=&lt;hex&gt;</c>, the HMAC-SHA256 under the
/// shared secret of <c>"&lt;t&gt;." + raw body</c>. The timestamp is signed, so a captured delivery cannot be replayed
/// once it is older than the tolerance. Verification is constant-time and fails closed: no secret (or an unresolved Key
/// Vault reference) verifies nothing.
/// </summary>
public static class WebhookSignature
{
    public const string TimestampKey = "t";
    public const string SignatureKey = "sha256";

    /// <summary>The header value for <paramref name="body"/> sent at <paramref name="at"/>, signed with <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> body, string secret, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{TimestampKey}={timestamp},{SignatureKey}={Convert.ToHexStringLower(Mac(secret, timestamp, body))}";
    }

    /// <summary>Whether <paramref name="header"/> signs <paramref name="body"/> under <paramref name="secret"/> within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static WebhookSignatureCheck Verify(ReadOnlySpan<byte> body, string? header, string? secret, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!Secrets.IsSet(secret))
        {
            return WebhookSignatureCheck.NoSecret;
        }

        string? timestamp = null;
        byte[]? presented = null;
        foreach (var part in (header ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == TimestampKey)
            {
                timestamp = value;
            }
            else if (string.Equals(key, SignatureKey, StringComparison.OrdinalIgnoreCase))
            {
                try
                {
                    presented = Convert.FromHexString(value);
                }
                catch (FormatException)
                {
                    return WebhookSignatureCheck.Invalid;
                }
            }
        }

        if (timestamp is null || presented is null || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookSignatureCheck.Invalid;
        }

        if (!CryptographicOperations.FixedTimeEquals(presented, Mac(secret, timestamp, body)))
        {
            return WebhookSignatureCheck.Invalid;
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return (now - sent).Duration() > tolerance ? WebhookSignatureCheck.Expired : WebhookSignatureCheck.Valid;
    }

    private static byte[] Mac(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
    }
}

/// <summary>The outcome of <see cref="WebhookSignature.Verify"/>.</summary>
public enum WebhookSignatureCheck
{
    Valid,

    /// <summary>Missing, malformed, or not the signature of this body and timestamp.</summary>
    Invalid,

    /// <summary>Genuine, but signed longer ago (or further ahead) than the tolerance: a replay.</summary>
    Expired,

    /// <summary>The shop has no usable secret: nothing verifies.</summary>
    NoSecret,
}

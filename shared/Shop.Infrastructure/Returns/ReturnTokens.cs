using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Shop.Hosting.Configuration;

namespace Shop.Infrastructure.Returns;

/// <summary>
/// The signed token that authorizes a return (sent in the delivered email's link): <c>v1.{expires unix seconds}.{hex
/// HMAC-SHA256}</c> over <c>return:{orderId}:{expires}</c> with <see cref="ReturnsOptions.TokenSecret"/>. Holding the
/// order id alone is not enough to return its goods; a token is bound to one order and expires.
/// </summary>
public sealed class ReturnTokens(IOptions<ReturnsOptions> options, TimeProvider time)
{
    private const string Version = "v1";

    /// <summary>True when tokens can be issued (<see cref="ReturnsOptions.TokenSecret"/> is set).</summary>
    public bool CanIssue => Secrets.IsSet(options.Value.TokenSecret);

    /// <summary>A token for <paramref name="orderId"/> valid for <see cref="ReturnsOptions.TokenLifetime"/> from now.</summary>
    public string Issue(string orderId) => Issue(orderId, time.GetUtcNow() + options.Value.TokenLifetime);

    /// <summary>A token for <paramref name="orderId"/> that expires at <paramref name="expiresAt"/>.</summary>
    public string Issue(string orderId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{Version}.{expires}.{Sign(orderId, expires)}";
    }

    /// <summary>Checks <paramref name="token"/> for <paramref name="orderId"/>.</summary>
    public ReturnTokenCheck Check(string orderId, string? token)
    {
        if (!Secrets.IsSet(options.Value.TokenSecret))
        {
            return ReturnTokenCheck.NoSecret;
        }

        var parts = token?.Split('.');
        if (parts is not [Version, var expires, var signature]
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || signature.Length != 64)
        {
            return ReturnTokenCheck.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(orderId, expires));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature.ToLowerInvariant())))
        {
            return ReturnTokenCheck.Invalid;
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds) < time.GetUtcNow() ? ReturnTokenCheck.Expired : ReturnTokenCheck.Valid;
    }

    private string Sign(string orderId, string expires)
    {
        var secret = options.Value.TokenSecret;
        if (!Secrets.IsSet(secret))
        {
            throw new InvalidOperationException("Returns__TokenSecret is not set (or its Key Vault reference did not resolve): no return token can be issued.");
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret!), Encoding.UTF8.GetBytes($"return:{orderId}:{expires}")));
    }
}

using System.Globalization;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Reviews;
using Shop.Hosting.Configuration;

namespace Shop.Infrastructure.Reviews;

/// <summary>
/// The signed link that lets a customer review one line of a delivered order (<see cref="SignedTokens"/>, purpose
/// <c>review</c>): the payload <c>r1|{orderId}|{sku}|{expires unix seconds}</c>. Holding an order id is not enough to
/// write a review in its name; a token is bound to one order line and expires after <see cref="ReviewOptions.TokenLifetime"/>.
/// </summary>
public sealed class ReviewTokens(IOptions<ReviewOptions> options, TimeProvider time)
{
    private const string Purpose = "review";
    private const string Version = "r1";

    /// <summary>A token for the line <paramref name="sku"/> of <paramref name="orderId"/>, valid for the token lifetime from now.</summary>
    public string Issue(string orderId, string sku) => Issue(orderId, sku, time.GetUtcNow() + options.Value.TokenLifetime);

    public string Issue(string orderId, string sku, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        var line = Skus.Normalize(sku);
        var expires = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return SignedTokens.Sign(Secret(), Purpose, $"{Version}|{orderId}|{line}|{expires}");
    }

    public ReviewTokenCheck Check(string? token)
    {
        if (!Secrets.IsSet(options.Value.TokenSecret))
        {
            return ReviewTokenCheck.Invalid;
        }

        var payload = SignedTokens.Verify(options.Value.TokenSecret, Purpose, token);
        if (payload?.Split('|') is not [Version, var orderId, var sku, var expires]
            || orderId.Length == 0
            || !Skus.TryNormalize(sku, out var line)
            || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return ReviewTokenCheck.Invalid;
        }

        var claims = new ReviewTokenClaims(orderId, line, DateTimeOffset.FromUnixTimeSeconds(seconds));
        return new ReviewTokenCheck(claims.ExpiresAt <= time.GetUtcNow() ? ReviewTokenStatus.Expired : ReviewTokenStatus.Valid, claims);
    }

    private string Secret() => Secrets.IsSet(options.Value.TokenSecret)
        ? options.Value.TokenSecret
        : throw new InvalidOperationException("Reviews__TokenSecret is not set (or its Key Vault reference did not resolve): no review link can be issued.");
}

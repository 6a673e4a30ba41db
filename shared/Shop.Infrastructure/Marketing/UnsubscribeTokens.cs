using Microsoft.Extensions.Options;
using Shop.Hosting.Configuration;

namespace Shop.Infrastructure.Marketing;

/// <summary>
/// The signed unsubscribe link of a marketing email (<see cref="SignedTokens"/>, purpose <c>unsubscribe</c>): the payload
/// <c>u1|{instance id}|{email}</c>. It does not expire: an unsubscribe link in an old email must still work.
/// </summary>
public sealed class UnsubscribeTokens(IOptions<MarketingOptions> options)
{
    private const string Purpose = "unsubscribe";
    private const string Version = "u1";

    /// <summary>True when links can be issued (the secret is set); without it no marketing email may go out.</summary>
    public bool CanIssue => Secrets.IsSet(options.Value.UnsubscribeSecret);

    public string Issue(string email, string? instanceId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        if (instanceId?.Contains('|', StringComparison.Ordinal) == true)
        {
            throw new ArgumentException("An instance id in an unsubscribe link cannot hold '|'.", nameof(instanceId));
        }

        var secret = options.Value.UnsubscribeSecret;
        return Secrets.IsSet(secret)
            ? SignedTokens.Sign(secret, Purpose, $"{Version}|{instanceId}|{email.Trim()}")
            : throw new InvalidOperationException("Marketing__UnsubscribeSecret is not set (or its Key Vault reference did not resolve): no unsubscribe link can be issued.");
    }

    /// <summary>The claims of a token the shop signed; null for a forged, altered or malformed one.</summary>
    public UnsubscribeClaims? Check(string? token)
    {
        var secret = options.Value.UnsubscribeSecret;
        if (!Secrets.IsSet(secret) || SignedTokens.Verify(secret, Purpose, token) is not { } payload)
        {
            return null;
        }

        var parts = payload.Split('|', 3);
        return parts is [Version, var instanceId, var email] && email.Length > 0
            ? new UnsubscribeClaims(email, instanceId.Length > 0 ? instanceId : null)
            : null;
    }
}

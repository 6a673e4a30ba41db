using Shop.Domain.Common;
using Shop.Infrastructure.Marketing;

namespace Shop.Orchestrations.Marketing;

/// <summary>
/// Honours an unsubscribe link: the address goes on the suppression list (every marketing sequence checks it before
/// each email, across carts and orders), and the sequence whose email held the link stops at once.
/// </summary>
public sealed class UnsubscribeService(UnsubscribeTokens tokens, SuppressionList suppressions, DurableSequences sequences, TimeProvider time)
{
    /// <summary>Unsubscribes the link's address (idempotent) and returns it; <see cref="SignedLinkException"/> for a link the shop did not sign.</summary>
    public async Task<string> UnsubscribeAsync(string? token, CancellationToken cancellationToken = default)
    {
        var claims = tokens.Check(token) ?? throw new SignedLinkException("This unsubscribe link is not valid.");
        await suppressions.SuppressAsync(claims.Email, claims.InstanceId, time.GetUtcNow(), cancellationToken);
        if (claims.InstanceId is { } instanceId)
        {
            await sequences.RaiseIfRunningAsync(instanceId, SequenceEvents.Stop, "unsubscribe", cancellationToken);
        }

        return claims.Email;
    }
}

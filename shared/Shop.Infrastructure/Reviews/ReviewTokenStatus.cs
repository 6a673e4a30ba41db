namespace Shop.Infrastructure.Reviews;

/// <summary>Whether a review token may be used: <see cref="Valid"/>, past its expiry, or forged, altered or malformed.</summary>
public enum ReviewTokenStatus
{
    Valid,
    Expired,
    Invalid,
}

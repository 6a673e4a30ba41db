using Shop.Domain.Reviews;

namespace Shop.Infrastructure.Reviews;

/// <summary>The outcome of checking a review link's token: valid (with what it vouches for), expired, or not one the shop signed.</summary>
public sealed record ReviewTokenCheck(ReviewTokenStatus Status, ReviewTokenClaims? Claims)
{
    public static readonly ReviewTokenCheck Invalid = new(ReviewTokenStatus.Invalid, null);
}

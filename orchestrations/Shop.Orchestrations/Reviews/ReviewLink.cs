using Shop.Domain.Orders;
using Shop.Domain.Reviews;

namespace Shop.Orchestrations.Reviews;

/// <summary>What a valid review link opens: the order line it reviews, and the review written with it so far (null: none yet).</summary>
public sealed record ReviewLink(ReviewTokenClaims Claims, OrderLine Line, Review? Review);

using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Reviews;

/// <summary>Product reviews (settings section <c>Reviews</c>): where they are kept and the links that let a customer write one.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Reviews";

    /// <summary>The reviews table: reviews by product (newest first) with each product's rating rollup, and by order (default <c>reviews</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "reviews";

    /// <summary>The HMAC secret that signs review links (a Key Vault secret in Azure). Unset: no link is issued or accepted.</summary>
    public string? TokenSecret { get; set; }

    /// <summary>How long a review link stays valid; the review can be edited until then (default 60 days).</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromDays(60);
}

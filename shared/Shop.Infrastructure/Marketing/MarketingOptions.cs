using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Marketing;

/// <summary>Marketing email (settings section <c>Marketing</c>): the suppression list and the unsubscribe link every marketing email carries.</summary>
public sealed class MarketingOptions
{
    public const string Section = "Marketing";

    /// <summary>The suppression list: addresses that unsubscribed from marketing email (default <c>suppressions</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string SuppressionTable { get; set; } = "suppressions";

    /// <summary>The HMAC secret that signs unsubscribe links (a Key Vault secret in Azure). Unset: no link is issued or accepted, and no marketing email goes out.</summary>
    public string? UnsubscribeSecret { get; set; }
}

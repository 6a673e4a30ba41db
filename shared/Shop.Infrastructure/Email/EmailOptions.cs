using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Email;

/// <summary>Settings <c>Email__*</c>: branding and the embedded outbox (active when no SendGrid key is set).</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The shop's name in every message.</summary>
    [Required]
    public string ShopName { get; set; } = "Shop";

    /// <summary>The support address every message's footer shows.</summary>
    [Required]
    [EmailAddress]
    public string SupportAddress { get; set; } = "support@shop.example";

    /// <summary>Where ops alerts (reorder point, stuck order, anomaly) go.</summary>
    [Required]
    [EmailAddress]
    public string OpsAddress { get; set; } = "ops@shop.example";

    /// <summary>The blob container of the outbox.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string OutboxContainer { get; set; } = "outbox";
}

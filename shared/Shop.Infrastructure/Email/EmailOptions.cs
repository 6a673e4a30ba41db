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

    /// <summary>The queue of emails waiting for another attempt after a transient failure (read by the <c>RetryEmail</c> function).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string RetryQueue { get; set; } = "email-retries";

    /// <summary>The wait before the first queued attempt; it doubles with each attempt up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between two queued attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "06:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long an email is retried after its first failure before it goes to the poison queue (sized for a provider outage).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromDays(1);
}

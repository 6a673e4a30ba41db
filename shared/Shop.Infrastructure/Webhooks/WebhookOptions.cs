using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Webhooks;

/// <summary>Webhook bookkeeping (settings section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>The table of processed webhook event ids (default <c>webhookevents</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string EventsTable { get; set; } = "webhookevents";
}

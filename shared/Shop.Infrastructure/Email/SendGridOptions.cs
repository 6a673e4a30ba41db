using System.ComponentModel.DataAnnotations;
using System.Net.Mail;

namespace Shop.Infrastructure.Email;

/// <summary>
/// Settings <c>SendGrid__*</c>. With an <see cref="ApiKey"/> messages go through SendGrid's v3 mail send; without
/// one they go to the outbox. The key comes only from settings (a Key Vault reference in Azure).
/// </summary>
public sealed class SendGridOptions : IValidatableObject
{
    public const string Section = "SendGrid";

    /// <summary>The SendGrid API key (<c>SG.…</c>). Empty: use the outbox.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The verified sender address. Required with an API key.</summary>
    public string? FromAddress { get; set; }

    /// <summary>The sender's display name.</summary>
    public string? FromName { get; set; }

    /// <summary>The API host; empty for SendGrid's (<c>https://api.sendgrid.com</c>). Tests point it at a local fake.</summary>
    public string? Host { get; set; }

    /// <summary>Retries of a 429, 5xx or network failure before the send fails transiently.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first back-off delay (exponential with jitter) when SendGrid sends no <c>Retry-After</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between retries, <c>Retry-After</c> included; a longer <c>Retry-After</c> is capped to it.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Timeout of one HTTP request to SendGrid.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The table recording sent idempotency keys, so a message is never sent twice.</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string SentTable { get; set; } = "emailsent";

    /// <summary>The longest one send can take: every attempt timing out, with the longest wait between them.</summary>
    public TimeSpan WorstCaseSend => (RequestTimeout * (MaxRetries + 1)) + (MaxRetryDelay * MaxRetries);

    /// <summary>True when an API key is configured: SendGrid is the active sender.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ApiKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (IsConfigured && (string.IsNullOrWhiteSpace(FromAddress) || !MailAddress.TryCreate(FromAddress, out _)))
        {
            yield return new ValidationResult("SendGrid__FromAddress must be a valid address when SendGrid__ApiKey is set.", [nameof(FromAddress)]);
        }

        if (!string.IsNullOrWhiteSpace(Host)
            && (!Uri.TryCreate(Host, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("SendGrid__Host must be an absolute http(s) URL.", [nameof(Host)]);
        }
    }
}

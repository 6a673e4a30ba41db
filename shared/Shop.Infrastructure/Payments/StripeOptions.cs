using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Payments;

/// <summary>
/// Settings <c>Stripe__*</c>. With a <see cref="SecretKey"/> the Stripe adapter is active; without one the
/// embedded simulated gateway is. Secrets come only from settings (Key Vault references in Azure).
/// </summary>
public sealed class StripeOptions : IValidatableObject
{
    public const string Section = "Stripe";

    /// <summary>The secret API key (<c>sk_test_…</c> / <c>sk_live_…</c> or a restricted <c>rk_…</c> key). Empty: use the simulated gateway.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (<c>whsec_…</c>). Empty: every webhook is rejected.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The API base address; empty for Stripe's own (<c>https://api.stripe.com</c>). Tests point it at a local fake.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How old a webhook signature may be, in seconds (Stripe's default: 300).</summary>
    [Range(1, 86_400)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>How many times Stripe.net itself retries a network error, 409, 429 or 5xx (with the same idempotency key) before the adapter reports a transient failure.</summary>
    [Range(0, 10)]
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>Timeout of one HTTP request to Stripe.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(80);

    /// <summary>
    /// Where Stripe sends the shopper back after authenticating a payment on their bank's page (3-D Secure):
    /// the storefront's order page, <c>{orderId}</c> replaced by the order's id.
    /// </summary>
    [Required]
    public string ReturnUrl { get; set; } = "http://127.0.0.1:7071/#/orders/{orderId}";

    /// <summary>
    /// The publishable key (<c>pk_…</c>, not a secret) the storefront gives Stripe.js to show the Payment Element and
    /// run 3-D Secure. Without it, a Stripe shop's storefront cannot take card details.
    /// </summary>
    public string? PublishableKey { get; set; }

    /// <summary>True when a secret key is configured: Stripe is the active gateway.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(SecretKey) && SecretKey.Any(char.IsWhiteSpace))
        {
            yield return new ValidationResult("Stripe__SecretKey must not contain whitespace.", [nameof(SecretKey)]);
        }

        if (!string.IsNullOrWhiteSpace(PublishableKey) && !PublishableKey.StartsWith("pk_", StringComparison.Ordinal))
        {
            yield return new ValidationResult("Stripe__PublishableKey must be a publishable key (pk_…), never the secret key.", [nameof(PublishableKey)]);
        }

        if (!string.IsNullOrWhiteSpace(ApiBase)
            && (!Uri.TryCreate(ApiBase, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            yield return new ValidationResult("Stripe__ApiBase must be an absolute http(s) URL.", [nameof(ApiBase)]);
        }
    }
}

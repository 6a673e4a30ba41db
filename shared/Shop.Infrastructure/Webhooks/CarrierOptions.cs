namespace Shop.Infrastructure.Webhooks;

/// <summary>The carrier tracking webhook (settings section <c>Carrier</c>).</summary>
public sealed class CarrierOptions
{
    public const string Section = "Carrier";

    /// <summary>The shared secret the carrier signs webhook bodies with (HMAC-SHA256). A Key Vault reference in Azure.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>How far a webhook's signed timestamp may be from now (default 300 s); older deliveries are replays.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 86_400)]
    public int WebhookToleranceSeconds { get; set; } = 300;

    /// <summary>The tracking page, with <c>{trackingNumber}</c> and <c>{carrier}</c> placeholders.</summary>
    public string TrackingUrlTemplate { get; set; } = "https://track.example.com/{carrier}/{trackingNumber}";
}

using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Payments;

/// <summary>Settings <c>Payments__*</c>: the simulated gateway and rules common to both adapters.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>The table holding the simulated gateway's payments, ledger and idempotency records.</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string LedgerTable { get; set; } = "simulatedpayments";

    /// <summary>How long an authorization may be captured (Stripe: 7 days for online card payments).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "31.00:00:00")]
    public TimeSpan CaptureWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a request waits for a concurrent request with the same idempotency key before failing transiently.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan IdempotencyWaitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After this long, an unfinished request's idempotency reservation (its process died) may be taken over.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan IdempotencyLease { get; set; } = TimeSpan.FromSeconds(30);
}

namespace Shop.Orchestrations.Orders;

/// <summary>
/// Timings and links of the order workflow (settings section <c>OrderWorkflow</c>). They are copied into each
/// order's orchestration input when the order is placed, so a settings change never alters a running order's replay.
/// </summary>
public sealed class OrderWorkflowOptions
{
    public const string Section = "OrderWorkflow";

    /// <summary>How long a payment that needs the customer's action (3-D Secure) may take (default 15 minutes).</summary>
    public TimeSpan PaymentActionTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>After this long without shipment the customer gets a delay notice and ops an alert (default 48 hours).</summary>
    public TimeSpan ShipmentSla { get; set; } = TimeSpan.FromHours(48);

    /// <summary>After this long without shipment the order is cancelled (default 7 days).</summary>
    public TimeSpan ShipmentHardLimit { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long to wait for the carrier to report delivery before alerting ops (default 30 days).</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Re-authorize a payment this long before its capture-before deadline if the order has not shipped (default 1 day).</summary>
    public TimeSpan CaptureSafetyMargin { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Attempts of a step that fails transiently (default 60). With the default back-off (2 s doubling, capped at 5
    /// minutes) a step keeps trying for about 4.4 hours: a payment or email provider outage delays an order, it does
    /// not fail it.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(1, 1000)]
    public int MaxStepAttempts { get; set; } = 60;

    /// <summary>The first retry delay of a transiently failing step (default 2 seconds, doubling).</summary>
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest retry delay of a transiently failing step (default 5 minutes).</summary>
    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The version of the order workflow new orders start on (0, the default: <see cref="OrderOrchestrator.CurrentVersion"/>).
    /// Orders in flight keep the version they started on; setting an older one lets a deploy ship new code while new
    /// orders still start on the old version, until it is switched.
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, OrderOrchestrator.CurrentVersion)]
    public int StartVersion { get; set; }

    /// <summary>The storefront's public address, for links in emails (default the local app).</summary>
    public Uri PublicBaseUrl { get; set; } = new("http://127.0.0.1:7071/");
}

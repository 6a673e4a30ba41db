using System.ComponentModel.DataAnnotations;

namespace Shop.Durable;

/// <summary>
/// Settings of the durable engine (section <c>Durable</c>: <c>Durable__TaskHub</c>, <c>Durable__ControlQueueCount</c>, ...).
/// </summary>
public sealed class DurableOptions : IValidatableObject
{
    public const string Section = "Durable";

    /// <summary>
    /// Where orchestrations run: <see cref="DurableBackend.Embedded"/> (default) or <see cref="DurableBackend.Grpc"/>, a
    /// Durable Task sidecar at <see cref="GrpcEndpoint"/> through Microsoft's gRPC worker and client. The same task
    /// registration runs on either; the other settings of this section apply to the embedded engine only.
    /// </summary>
    public DurableBackend Backend { get; set; } = DurableBackend.Embedded;

    /// <summary>The Durable Task sidecar's address (e.g. <c>http://127.0.0.1:4001</c>) when <see cref="Backend"/> is <see cref="DurableBackend.Grpc"/>.</summary>
    public Uri? GrpcEndpoint { get; set; }

    /// <summary>
    /// The task hub: prefixes every table, queue and container of the engine so that two apps can share one storage
    /// account. Lower-case letters and digits, starting with a letter, 3–40 characters. The queue functions read it
    /// as <c>%Durable__TaskHub%</c>, so set it as an app setting.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z][a-z0-9]{2,39}$", ErrorMessage = "Durable__TaskHub must be 3-40 lower-case letters or digits, starting with a letter.")]
    public string TaskHub { get; set; } = "shop";

    /// <summary>Control queues (instances are hashed over them); the local host listens to each.</summary>
    [Range(1, 16)]
    public int ControlQueueCount { get; set; } = 4;

    /// <summary>Activities this process runs at once; more wait in memory.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentActivities { get; set; } = 64;

    /// <summary>Activities waiting in memory beyond which new ones go to the work-item queue for other instances of the app.</summary>
    [Range(1, 1_000_000)]
    public int MaxActivityBacklog { get; set; } = 2_000;

    /// <summary>
    /// Scheduled work (an outbox entry) older than this whose instance has not committed since, and whose lease has run
    /// out, is taken to be left by a dead process and is run again by the recovery sweep. A process running an activity
    /// renews the lease every quarter of this (lasting this long), so an activity may run longer than this without
    /// running twice; a process that dies leaves its work to be recovered within about 1¼ times this.
    /// </summary>
    public TimeSpan RecoverAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A queue message whose every delivery failed because storage was failing (a 5xx, a throttle, a timeout) is sent
    /// again after this long instead of failing its instance: a storage outage delays an order, it never fails it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan OutageRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The recovery sweep's 6-field NCRONTAB schedule (default every 30 seconds).</summary>
    [Required]
    public string RecoverySchedule { get; set; } = "*/30 * * * * *";

    /// <summary>How long the history of an idle running instance stays cached in memory.</summary>
    public TimeSpan CacheIdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The storage connection setting (as for the queue triggers).</summary>
    [Required]
    public string Connection { get; set; } = "AzureWebJobsStorage";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Backend == DurableBackend.Grpc && GrpcEndpoint is not { IsAbsoluteUri: true })
        {
            yield return new ValidationResult("Durable__GrpcEndpoint must be the sidecar's absolute address when Durable__Backend is Grpc.", [nameof(GrpcEndpoint)]);
        }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Shop.Orchestrations.Jobs;

/// <summary>How long finished orchestration instances are kept (setting <c>Durable__Retention</c>).</summary>
public sealed class InstanceRetentionOptions
{
    public const string Section = "Durable";

    /// <summary>
    /// Finished (completed, failed or terminated) instances created longer ago than this are purged with their
    /// histories by the <c>PurgeFinishedInstances</c> timer (default 30 days). Running instances are never purged.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);
}

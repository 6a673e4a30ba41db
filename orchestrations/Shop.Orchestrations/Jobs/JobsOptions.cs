namespace Shop.Orchestrations.Jobs;

/// <summary>Timer schedules (settings section <c>Jobs</c>), 6-field NCRONTAB in UTC.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>When expired stock holds are given back (default every 5 minutes).</summary>
    public string HoldSweepSchedule { get; set; } = "0 */5 * * * *";

    /// <summary>When stalled checkouts get their workflow started (default every 5 minutes).</summary>
    public string StalledOrderSchedule { get; set; } = "30 */5 * * * *";

    /// <summary>When held stock is recomputed from the live holds (default hourly).</summary>
    public string StockDriftSchedule { get; set; } = "0 15 * * * *";
}

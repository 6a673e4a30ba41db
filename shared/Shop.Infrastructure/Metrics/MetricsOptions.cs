using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Metrics;

/// <summary>Business metrics: the facts kept as they happen and the weekly rollup (settings section <c>Metrics</c>).</summary>
public sealed class MetricsOptions
{
    public const string Section = "Metrics";

    /// <summary>
    /// One partition per ISO week of facts (orders placed, confirmed, shipped, carts, returns, stock on hand), the
    /// rollup rows and one row per customer (default <c>metrics</c>).
    /// </summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "metrics";

    /// <summary>Weeks of rollups the anomaly baseline is the mean of (default 8).</summary>
    [Range(1, 52)]
    public int BaselineWeeks { get; set; } = 8;

    /// <summary>Rollups the baseline needs before any anomaly rule fires (default 3).</summary>
    [Range(1, 52)]
    public int MinBaselineWeeks { get; set; } = 3;

    /// <summary>How far above its baseline a figure must be to alert, as a share of the baseline (default 0.5: 50 % above).</summary>
    [Range(0.01, 100)]
    public double AnomalyThreshold { get; set; } = 0.5;

    /// <summary>The share of orders shipped outside the SLA above which ops are alerted (default 0.05).</summary>
    [Range(0.0, 1.0)]
    public double SlaMissThreshold { get; set; } = 0.05;
}

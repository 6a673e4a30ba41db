using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Restock;

/// <summary>The daily restock check (settings section <c>Reorder</c>).</summary>
public sealed class ReorderOptions
{
    public const string Section = "Reorder";

    /// <summary>The report and each SKU's alert state (default <c>reorder</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "reorder";

    /// <summary>The queue of per-SKU checks the daily timer fans out (default <c>reorder-checks</c>).</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string Queue { get; set; } = "reorder-checks";

    /// <summary>Days of sales the velocity (average units sold per day) is taken over (default 28).</summary>
    [Range(1, 365)]
    public int VelocityWindowDays { get; set; } = 28;

    /// <summary>Days of sales the stock should cover beyond the supplier's lead time (default 14).</summary>
    [Range(0, 365)]
    public int CoverDays { get; set; } = 14;

    /// <summary>Safety stock, in days of sales, on top of lead time and cover in a suggested order (default 7).</summary>
    [Range(0, 365)]
    public int SafetyStockDays { get; set; } = 7;

    /// <summary>A SKU with stock and no sale for this many days is a slow mover (default 90).</summary>
    [Range(1, 3650)]
    public int SlowMoverDays { get; set; } = 90;
}

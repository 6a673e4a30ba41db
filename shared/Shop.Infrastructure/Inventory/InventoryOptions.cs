using System.ComponentModel.DataAnnotations;
using Shop.Infrastructure.Catalog;

namespace Shop.Infrastructure.Inventory;

/// <summary>Stock and holds (settings section <c>Inventory</c>).</summary>
public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>Stock per SKU, its hold rows and its receipts (default <c>stock</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string StockTable { get; set; } = "stock";

    /// <summary>One row per order's hold: its lines and state (default <c>stockholds</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string HoldsTable { get; set; } = "stockholds";

    /// <summary>Attempts of an ETag-guarded update before giving up under contention (default 50).</summary>
    [Range(1, 1000)]
    public int MaxConcurrencyAttempts { get; set; } = 50;
}

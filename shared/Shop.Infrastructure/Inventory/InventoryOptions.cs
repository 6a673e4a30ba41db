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

    /// <summary>
    /// One row per order's hold: its lines and state (default <c>stockholds</c>). The sweeps' index is the table of
    /// this name followed by <c>index</c> (<c>stockholdsindex</c>), so the name is at most 58 characters.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,57}$", ErrorMessage = "Inventory__HoldsTable must be 3-58 letters or digits, starting with a letter (its index table adds 'index').")]
    public string HoldsTable { get; set; } = "stockholds";

    /// <summary>Attempts of an ETag-guarded update before giving up under contention (default 50).</summary>
    [Range(1, 1000)]
    public int MaxConcurrencyAttempts { get; set; } = 50;

    /// <summary>
    /// How long stock levels shown to shoppers may be reused before they are read again (default 2 s; 0: always
    /// read). This process's own changes replace them at once; holds never use them.
    /// </summary>
    [Range(0, 300)]
    public double DisplayCacheSeconds { get; set; } = 2;
}

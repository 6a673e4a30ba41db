using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Catalog;

/// <summary>The catalog (settings section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>The products table (default <c>products</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string ProductsTable { get; set; } = "products";

    /// <summary>Seed a demo catalog on first start with an empty catalog (default true).</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>At or below this many available units, a product shows as <c>low</c> (default 5).</summary>
    [Range(0, 1_000_000)]
    public int LowStockThreshold { get; set; } = 5;

    /// <summary>
    /// How long products shown to shoppers may be reused before they are read again (default 2 s; 0: always read).
    /// This process's own changes replace them at once; checkout and validation always read.
    /// </summary>
    [Range(0, 300)]
    public double DisplayCacheSeconds { get; set; } = 2;
}

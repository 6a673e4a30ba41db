using System.ComponentModel.DataAnnotations;
using Shop.Infrastructure.Catalog;

namespace Shop.Infrastructure.Carts;

/// <summary>Carts (settings section <c>Carts</c>).</summary>
public sealed class CartOptions
{
    public const string Section = "Carts";

    /// <summary>The carts table (default <c>carts</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "carts";

    /// <summary>Days a cart stays open after its last change (default 7).</summary>
    [Range(1, 365)]
    public int ExpiryDays { get; set; } = 7;

    /// <summary>Attempts of a change that loses an ETag race to another change before giving up (default 20).</summary>
    [Range(1, 1000)]
    public int MaxConcurrencyAttempts { get; set; } = 20;
}

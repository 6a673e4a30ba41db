using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Checkout;

/// <summary>Checkout (settings section <c>Checkout</c>).</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>The table of idempotency keys and the orders they placed (default <c>checkouts</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string RequestsTable { get; set; } = "checkouts";
}

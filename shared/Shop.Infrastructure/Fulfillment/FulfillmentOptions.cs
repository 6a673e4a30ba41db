using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Fulfillment;

/// <summary>Fulfillment storage (settings section <c>Fulfillment</c>).</summary>
public sealed class FulfillmentOptions
{
    public const string Section = "Fulfillment";

    /// <summary>The pick-list table (default <c>fulfillment</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "fulfillment";
}

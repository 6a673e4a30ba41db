using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Disputes;

/// <summary>Chargebacks (settings section <c>Disputes</c>).</summary>
public sealed class DisputesOptions
{
    public const string Section = "Disputes";

    /// <summary>The disputes table (default <c>disputes</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string Table { get; set; } = "disputes";

    /// <summary>The dispute workflow submits its evidence within this long of the dispute, else ops are alerted (default 1 day).</summary>
    public TimeSpan EvidenceWithin { get; set; } = TimeSpan.FromDays(1);
}

using Shop.Domain.Reviews;

namespace Shop.Functions.Reviews;

/// <summary>A product's rating: the number of visible reviews and their average (absent without reviews).</summary>
public sealed record RatingDto(int Count, double? Average)
{
    public static RatingDto From(RatingSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(summary.Count, summary.Average);
    }
}

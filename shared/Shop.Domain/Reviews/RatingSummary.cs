namespace Shop.Domain.Reviews;

/// <summary>A product's ratings: how many visible reviews, and the sum of their stars (the average follows).</summary>
public sealed record RatingSummary(int Count, long Total)
{
    public static readonly RatingSummary None = new(0, 0);

    /// <summary>The average rating, to one decimal; null without reviews.</summary>
    public double? Average => Count > 0 ? Math.Round((double)Total / Count, 1, MidpointRounding.AwayFromZero) : null;
}

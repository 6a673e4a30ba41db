namespace Shop.Testing;

/// <summary>A SKU's stock as the admin API reports it.</summary>
public sealed record StockFigures(int OnHand, int Held, int Available, long Received, long Sold)
{
    /// <summary>Why these figures break the inventory invariants, or null when they hold.</summary>
    public string? Violation() =>
        Available < 0 ? $"available is negative: {this}"
        : Held < 0 ? $"held is negative: {this}"
        : OnHand != Available + Held ? $"on hand ≠ available + held: {this}"
        : Sold > Received ? $"more sold than received: {this}"
        : OnHand != Received - Sold ? $"on hand ≠ received − sold: {this}"
        : null;
}

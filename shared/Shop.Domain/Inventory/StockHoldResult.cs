namespace Shop.Domain.Inventory;

/// <summary>
/// The outcome of <see cref="IStockStore.TryHoldAsync"/>: either every line is held, or none is and
/// <see cref="Shortages"/> says which SKUs fell short.
/// </summary>
public sealed record StockHoldResult(bool Succeeded, IReadOnlyList<StockShortage> Shortages)
{
    public static StockHoldResult Held { get; } = new(true, []);

    public static StockHoldResult Refused(IReadOnlyList<StockShortage> shortages) => new(false, shortages);
}

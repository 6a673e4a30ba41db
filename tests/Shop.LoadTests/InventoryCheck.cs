namespace Shop.LoadTests;

/// <summary>
/// After the run, the stock must add up: for every SKU on hand = available + held, nothing held once every order has
/// ended, and the units sold during the run equal the units in the orders that shipped.
/// </summary>
internal static class InventoryCheck
{
    /// <summary><paramref name="shippedLines"/>: the lines of every order that shipped (delivered or not) during the run.</summary>
    public static async Task<InventoryResult> RunAsync(ShopClient shop, IReadOnlyList<string> skus, IReadOnlyDictionary<string, long> soldBefore, IEnumerable<OrderLineChoice> shippedLines, bool everyOrderEnded, CancellationToken cancellationToken)
    {
        var ordered = shippedLines.GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Sum(l => l.Quantity), StringComparer.Ordinal);
        var problems = new List<string>();
        long sold = 0;
        foreach (var sku in skus)
        {
            var stock = await shop.GetStockAsync(sku, cancellationToken);
            var soldInRun = stock.Sold - soldBefore[sku];
            sold += soldInRun;
            if (stock.OnHand != stock.Available + stock.Held || stock.Available < 0)
            {
                problems.Add($"{sku}: on hand {stock.OnHand} ≠ available {stock.Available} + held {stock.Held}");
            }

            if (everyOrderEnded && stock.Held != 0)
            {
                problems.Add($"{sku}: {stock.Held} units still held after every order ended");
            }

            if (everyOrderEnded && soldInRun != ordered.GetValueOrDefault(sku))
            {
                problems.Add($"{sku}: {soldInRun} units sold, {ordered.GetValueOrDefault(sku)} in the orders that shipped");
            }
        }

        return new InventoryResult(problems.Count == 0, sold, problems);
    }
}

/// <summary>Whether the stock adds up, the units sold during the run, and what did not add up.</summary>
internal sealed record InventoryResult(bool Consistent, long UnitsSold, IReadOnlyList<string> Problems);

namespace Shop.LoadTests;

/// <summary>
/// After the run, the stock must add up: for every SKU on hand = available + held, nothing held once every order is
/// delivered, and the units sold during the run equal the units in the delivered orders.
/// </summary>
internal static class InventoryCheck
{
    public static async Task<InventoryResult> RunAsync(ShopClient shop, IReadOnlyList<string> skus, IReadOnlyDictionary<string, long> soldBefore, IReadOnlyList<OrderResult> delivered, bool everyOrderDelivered, CancellationToken cancellationToken)
    {
        var ordered = delivered.SelectMany(o => o.Lines).GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (long)g.Sum(l => l.Quantity), StringComparer.Ordinal);
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

            if (everyOrderDelivered && stock.Held != 0)
            {
                problems.Add($"{sku}: {stock.Held} units still held after every order was delivered");
            }

            if (everyOrderDelivered && soldInRun != ordered.GetValueOrDefault(sku))
            {
                problems.Add($"{sku}: {soldInRun} units sold, {ordered.GetValueOrDefault(sku)} in delivered orders");
            }
        }

        return new InventoryResult(problems.Count == 0, sold, problems);
    }
}

/// <summary>Whether the stock adds up, the units sold during the run, and what did not add up.</summary>
internal sealed record InventoryResult(bool Consistent, long UnitsSold, IReadOnlyList<string> Problems);

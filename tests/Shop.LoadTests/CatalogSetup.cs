namespace Shop.LoadTests;

/// <summary>Every SKU of the demo catalog, stocked for a run.</summary>
internal static class CatalogSetup
{
    /// <summary>Receives <paramref name="units"/> of every SKU; returns the SKUs and each one's units sold before the run.</summary>
    public static async Task<(List<string> Skus, Dictionary<string, long> SoldBefore)> StockAsync(ShopClient shop, int units, CancellationToken cancellationToken)
    {
        var skus = new List<string>();
        string? token = null;
        do
        {
            var page = await shop.ListProductsAsync(100, token, cancellationToken);
            skus.AddRange(page.Items.Select(p => p.Sku));
            token = page.ContinuationToken;
        }
        while (token is not null);

        var soldBefore = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var sku in skus)
        {
            soldBefore[sku] = (await shop.ReceiveStockAsync(sku, units, cancellationToken)).Sold;
        }

        return (skus, soldBefore);
    }
}

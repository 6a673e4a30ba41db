namespace Shop.Functions.Tests.Storefront;

/// <summary>A storefront with a few products for cart arithmetic, stock warnings and concurrent adds.</summary>
public sealed class CartFixture : StorefrontFactory
{
    private readonly Lazy<Task> _seeded;

    public CartFixture() => _seeded = new(SeedAsync);

    public Task EnsureSeededAsync() => _seeded.Value;

    private async Task SeedAsync()
    {
        await AddProductAsync("A", "Apple Corer", "Kitchen", 10.00m, weightGrams: 200, onHand: 100);
        await AddProductAsync("B", "Bread Bin", "Kitchen", 25.50m, weightGrams: 1200, onHand: 100);
        await AddProductAsync("C", "Cake Stand", "Kitchen", 60.00m, weightGrams: 500, onHand: 2);
        await AddProductAsync("D", "Dish Rack", "Kitchen", 5.00m, weightGrams: 100, onHand: 0);
        var gone = await AddProductAsync("GONE", "Discontinued Gadget", "Kitchen", 3.00m);
        gone.Deactivate();
        await Products.UpsertAsync(gone);
        await Parallel.ForEachAsync(Enumerable.Range(0, 10), async (i, _) => await AddProductAsync($"P{i:00}", $"Party Item {i}", "Party", 1.00m, weightGrams: 10));
    }
}

using System.Text.Json;
using Shop.Functions.Admin;

namespace Shop.Functions.Tests.Storefront;

public sealed class DemoCatalogTests
{
    [Fact]
    public async Task FirstStart_WithAnEmptyCatalog_SeedsAtLeast30ProductsIn5Categories_WithStockWeightsAndImages()
    {
        await using var app = StorefrontFactory.Create(seedDemoData: true);
        await app.InitializeAsync();
        var client = app.CreateClient();

        var items = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await client.GetJsonAsync("/api/products?pageSize=100" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);

        Assert.True(items.Count >= 30, $"{items.Count} products");
        Assert.True(items.Select(i => i.GetProperty("category").GetString()).Distinct().Count() >= 5);
        Assert.All(items, i =>
        {
            Assert.True(i.GetProperty("weightGrams").GetInt32() > 0);
            Assert.StartsWith("https://", i.GetProperty("imageUrls")[0].GetString(), StringComparison.Ordinal);
        });
        var availability = items.Select(i => i.GetProperty("availability").GetString()).ToHashSet();
        Assert.Equal(["in_stock", "low", "out"], availability.Order(StringComparer.Ordinal));
        Assert.True((await client.GetJsonAsync("/api/categories")).GetArrayLength() >= 5);
    }

    [Fact]
    public async Task Seeding_TwiceAtOnce_NeverDoublesStock_AndASecondRunAddsNothing()
    {
        await using var app = StorefrontFactory.Create(seedDemoData: false);
        await app.InitializeAsync();
        var client = app.CreateClient();
        Assert.Equal(0, (await client.GetJsonAsync("/api/products")).GetProperty("items").GetArrayLength());
        var seeder = app.Services.GetRequiredService<DemoCatalogSeeder>();

        var added = await Task.WhenAll(seeder.SeedAsync(), seeder.SeedAsync());

        Assert.Equal(DemoCatalog.Products.Count, added.Sum());
        Assert.Equal(0, await seeder.SeedAsync());
        var stock = await app.Stock.GetManyAsync(DemoCatalog.Products.Select(p => p.Sku));
        Assert.All(DemoCatalog.Products, p =>
        {
            if (p.OnHand > 0)
            {
                Assert.Equal(p.OnHand, stock[p.Sku].OnHand);
                Assert.Equal(p.OnHand, stock[p.Sku].Received);
            }
        });
    }

    [Fact]
    public async Task Seeding_ACatalogWithProductsOfItsOwn_LeavesItAlone()
    {
        await using var app = StorefrontFactory.Create(seedDemoData: false);
        await app.InitializeAsync();
        await app.AddProductAsync("OWN-1", "Our Own Product", "Ours", 10m);

        var added = await app.Services.GetRequiredService<DemoCatalogSeeder>().SeedAsync();

        Assert.Equal(0, added);
        Assert.Empty(await app.Products.GetManyAsync(DemoCatalog.Products.Select(p => p.Sku)));
    }
}

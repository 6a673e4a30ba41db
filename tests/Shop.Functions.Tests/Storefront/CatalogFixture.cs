namespace Shop.Functions.Tests.Storefront;

/// <summary>A storefront with a known catalog of 25 active products in 3 categories (one with a non-ASCII name), and one inactive product.</summary>
public sealed class CatalogFixture : StorefrontFactory
{
    private readonly Lazy<Task> _seeded;

    public CatalogFixture() => _seeded = new(SeedAsync);

    public static IReadOnlyList<SeededProduct> Catalog { get; } =
    [
        new("K01", "Blue Enamel Mug", "Holds 350 ml of coffee.", "Kitchen", 12.00m, 0),
        new("K02", "Travel Mug", "Keeps drinks hot for hours.", "Kitchen", 24.50m, 3),
        new("K03", "Teapot", "Pairs with any MUG in the range.", "Kitchen", 39.99m),
        new("K04", "Whisk", "Stainless balloon whisk.", "Kitchen", 9.00m),
        new("K05", "Ladle", "Deep soup ladle.", "Kitchen", 11.00m),
        new("K06", "Colander", "Enamel colander, 24 cm.", "Kitchen", 19.00m),
        new("K07", "Grater", "Four-sided box grater.", "Kitchen", 15.00m),
        new("K08", "Peeler", "Y-peeler with a ceramic blade.", "Kitchen", 7.50m),
        new("K09", "Tongs", "Locking tongs.", "Kitchen", 8.00m),
        new("K10", "Kettle", "1.7 litre kettle.", "Kitchen", 49.00m),
        new("G01", "Trowel", "Forged steel trowel.", "Garden Tools", 14.00m),
        new("G02", "Pruning Shears", "Bypass shears for stems.", "Garden Tools", 29.00m),
        new("G03", "Watering Can", "Galvanised, 9 litres.", "Garden Tools", 35.00m),
        new("G04", "Rake", "Leaf rake.", "Garden Tools", 22.00m),
        new("G05", "Hoe", "Dutch hoe.", "Garden Tools", 26.00m),
        new("G06", "Gloves", "Goatskin gloves.", "Garden Tools", 18.00m),
        new("G07", "Kneeler", "Foam kneeler.", "Garden Tools", 12.00m),
        new("G08", "Hose", "20 m garden hose.", "Garden Tools", 45.00m),
        new("C01", "Crème Brûlée Torch", "Caramelise sugar like a café.", "Café", 32.00m),
        new("C02", "Espresso Cup", "Porcelain, 80 ml.", "Café", 9.00m),
        new("C03", "Milk Frother", "Hand frother for lattes.", "Café", 21.00m),
        new("C04", "Coffee Grinder", "Conical burr grinder.", "Café", 89.00m),
        new("C05", "Pour-over Mug", "Dripper and mug in one.", "Café", 27.00m),
        new("C06", "Moka Pot", "Six-cup stovetop espresso maker.", "Café", 38.00m),
        new("C07", "Tamper", "58 mm tamper.", "Café", 25.00m),
        new("Z-SECRET", "Secret Mug", "An inactive product that must never show.", "Kitchen", 99.00m, 10, Active: false),
    ];

    public static IEnumerable<SeededProduct> Active => Catalog.Where(p => p.Active);

    public Task EnsureSeededAsync() => _seeded.Value;

    private async Task SeedAsync()
    {
        await Parallel.ForEachAsync(Catalog, async (p, cancellationToken) =>
        {
            var product = await AddProductAsync(p.Sku, p.Name, p.Category, p.Price, onHand: p.OnHand, description: p.Description);
            if (!p.Active)
            {
                product.Deactivate();
                await Products.UpsertAsync(product, cancellationToken);
            }
        });
    }
}

public sealed record SeededProduct(string Sku, string Name, string Description, string Category, decimal Price, int OnHand = 50, bool Active = true);

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Shop.Domain.Catalog;
using Shop.Domain.Common;
using Shop.Domain.Inventory;
using Shop.Testing;

namespace Shop.Functions.Tests.Storefront;

/// <summary>
/// The app with storefront tables of its own (a unique prefix per factory, so test classes sharing the Azurite never
/// see each other's data), demo seeding off unless asked for, and a <see cref="ManualClock"/>.
/// </summary>
public class StorefrontFactory : ShopAppFactory
{
    public StorefrontFactory()
        : this(seedDemoData: false)
    {
    }

    protected StorefrontFactory(bool seedDemoData, string? tablePrefix = null)
    {
        TablePrefix = tablePrefix ?? AzuriteFixture.UniqueName("sf");
        Settings["Catalog__ProductsTable"] = TablePrefix + "products";
        Settings["Catalog__SeedDemoData"] = seedDemoData ? "true" : "false";
        Settings["Inventory__StockTable"] = TablePrefix + "stock";
        Settings["Inventory__HoldsTable"] = TablePrefix + "holds";
        Settings["Carts__Table"] = TablePrefix + "carts";
    }

    public string TablePrefix { get; }

    /// <summary>A factory of its own (outside a class fixture), with demo seeding on or off.</summary>
    public static StorefrontFactory Create(bool seedDemoData) => new(seedDemoData);

    /// <summary>A second instance of the app over the same tables as <paramref name="other"/> (as a scaled-out function app).</summary>
    public static StorefrontFactory SharingTablesWith(StorefrontFactory other) => new(seedDemoData: false, other?.TablePrefix);

    public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

    public IProductStore Products => Services.GetRequiredService<IProductStore>();

    public IStockStore Stock => Services.GetRequiredService<IStockStore>();

    /// <summary>Adds a product (and its stock) straight through the stores.</summary>
    public async Task<Product> AddProductAsync(string sku, string name, string category, decimal price, int weightGrams = 100, int onHand = 50, string description = "")
    {
        var product = Product.Create(sku, name, description, category, new Money(price, "USD"), weightGrams, [new Uri($"https://img.example.com/{sku}.png")]);
        await Products.UpsertAsync(product);
        if (onHand > 0)
        {
            await Stock.ReceiveAsync(sku, onHand, "test stock");
        }

        return product;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

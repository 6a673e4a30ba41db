namespace Shop.Domain.Catalog;

/// <summary>Where the catalog is kept.</summary>
public interface IProductStore
{
    /// <summary>The product (active or not), or null.</summary>
    Task<Product?> GetAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>The products of <paramref name="skus"/> that exist (active or not), by SKU.</summary>
    Task<IReadOnlyDictionary<string, Product>> GetManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default);

    /// <summary>
    /// Products as shown to shoppers (product pages, carts), by SKU. This process's own changes show at once; a change
    /// made by another process may take a few seconds (the display cache) to show. Pricing an order never uses it.
    /// </summary>
    Task<IReadOnlyDictionary<string, Product>> GetShownAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default);

    /// <summary>A page of active products.</summary>
    Task<ProductPage> ListAsync(ProductQuery query, CancellationToken cancellationToken = default);

    /// <summary>The categories of active products with their counts, by name.</summary>
    Task<IReadOnlyList<CategorySummary>> GetCategoriesAsync(CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces the product; true when it was created.</summary>
    Task<bool> UpsertAsync(Product product, CancellationToken cancellationToken = default);

    /// <summary>Creates the product unless one with its SKU exists; true when it was created.</summary>
    Task<bool> AddIfAbsentAsync(Product product, CancellationToken cancellationToken = default);

    /// <summary>True when the catalog holds at least one product (active or not).</summary>
    Task<bool> AnyAsync(CancellationToken cancellationToken = default);
}

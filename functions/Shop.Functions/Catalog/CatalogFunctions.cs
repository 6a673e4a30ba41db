using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Inventory;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Catalog;

namespace Shop.Functions.Catalog;

/// <summary>The storefront's catalog: <c>GET /api/products</c>, <c>GET /api/products/{sku}</c>, <c>GET /api/categories</c>.</summary>
public static class CatalogFunctions
{
    public const string Tag = "Catalog";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The longest search text or category filter accepted.</summary>
    public const int MaxFilterLength = 1000;

    public static FunctionCatalog AddCatalogFunctions(this FunctionCatalog functions) => functions
        .MapHttp("ListProducts", "GET", "products", ListProductsAsync, configure: e => e
            .WithSummary("Lists active products in SKU order.")
            .WithDescription("Optional `category` (case-insensitive) and `q` (case-insensitive text in name or description) filters; "
                + "`pageSize` 1–100 (default 20); pass the returned `continuationToken` to get the next page. Each item shows its price and availability.")
            .WithTags(Tag)
            .ProducesValidationProblem())
        .MapHttp("GetProduct", "GET", "products/{sku}", GetProductAsync, configure: e => e
            .WithSummary("Gets an active product with its price and availability.")
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status404NotFound))
        .MapHttp("ListCategories", "GET", "categories", ListCategoriesAsync, configure: e => e
            .WithSummary("Lists the categories of active products with how many products each has.")
            .WithTags(Tag));

    public static async Task<Ok<ProductPageDto>> ListProductsAsync(
        string? category,
        string? q,
        string? pageSize,
        string? continuationToken,
        IProductStore products,
        IStockStore stock,
        IOptions<CatalogOptions> options,
        CancellationToken cancellationToken)
    {
        var size = DefaultPageSize;
        if (pageSize is not null && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            throw ProblemException.Validation("pageSize", $"The page size must be a whole number from 1 to {MaxPageSize}.");
        }

        RequireFilterLength("category", category);
        RequireFilterLength("q", q);
        string? after = null;
        if (continuationToken is { Length: > 0 } && !ContinuationTokens.TryDecode(continuationToken, out after))
        {
            throw ProblemException.Validation("continuationToken", "The continuation token is not one this API returned.");
        }

        var page = await products.ListAsync(new ProductQuery(category, q, size, after), cancellationToken);
        var levels = await stock.GetLevelsAsync(page.Items.Select(p => p.Sku), cancellationToken);
        var low = options.Value.LowStockThreshold;
        var items = page.Items
            .Select(p => ProductDto.From(p, ProductAvailabilityMapping.AvailabilityOf(levels.GetValueOrDefault(p.Sku), low)))
            .ToList();
        return TypedResults.Ok(new ProductPageDto(items, page.LastSku is { } last ? ContinuationTokens.Encode(last) : null));
    }

    public static async Task<Ok<ProductDto>> GetProductAsync(
        string sku,
        IProductStore products,
        IStockStore stock,
        IOptions<CatalogOptions> options,
        CancellationToken cancellationToken)
    {
        var levels = stock.GetLevelsAsync([sku], cancellationToken);
        var product = (await products.GetShownAsync([sku], cancellationToken)).Values.FirstOrDefault();
        if (product is not { Active: true })
        {
            throw ProductNotFoundException.For(sku);
        }

        var item = (await levels).GetValueOrDefault(product.Sku);
        return TypedResults.Ok(ProductDto.From(product, ProductAvailabilityMapping.AvailabilityOf(item, options.Value.LowStockThreshold)));
    }

    public static async Task<Ok<List<CategoryDto>>> ListCategoriesAsync(IProductStore products, CancellationToken cancellationToken)
    {
        var categories = await products.GetCategoriesAsync(cancellationToken);
        return TypedResults.Ok(categories.Select(c => new CategoryDto(c.Name, c.ProductCount)).ToList());
    }

    private static void RequireFilterLength(string field, string? value)
    {
        if (value is { Length: > MaxFilterLength })
        {
            throw ProblemException.Validation(field, $"At most {MaxFilterLength} characters.");
        }
    }
}

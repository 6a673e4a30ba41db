using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Inventory;
using Shop.Hosting.Http;
using Shop.Functions.Reviews;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Reviews;

namespace Shop.Functions.Catalog;

/// <summary>The storefront's catalog: <c>GET /api/products</c>, <c>GET /api/products/{sku}</c>, <c>GET /api/categories</c>.</summary>
public sealed class CatalogFunctions(IProductStore products, IStockStore stock, ReviewStore reviews, IOptions<CatalogOptions> options)
{
    public const string Tag = "Catalog";
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The longest search text or category filter accepted.</summary>
    public const int MaxFilterLength = 1000;

    [Function("ListProducts")]
    [EndpointSummary("Lists active products in SKU order.")]
    [EndpointDescription("Optional `category` (case-insensitive) and `q` (case-insensitive text in name or description) filters; "
        + "`pageSize` 1–100 (default 20); pass the returned `continuationToken` to get the next page. Each item shows its price and availability.")]
    [Tags(Tag)]
    [QueryParameter("category", "Only products of this category (case-insensitive).")]
    [QueryParameter("q", "Only products whose name or description contains this text (case-insensitive).")]
    [QueryParameter("pageSize", "Products per page, 1 to 100 (default 20).", Type = typeof(int))]
    [QueryParameter("continuationToken", "The previous page's continuationToken.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Ok<ProductPageDto>> ListProductsAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var category = QueryValues.Text(request, "category");
        var q = QueryValues.Text(request, "q");
        var pageSize = QueryValues.Text(request, "pageSize");
        var continuationToken = QueryValues.Text(request, "continuationToken");
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

    [Function("GetProduct")]
    [EndpointSummary("Gets an active product with its price, availability and rating (count and average of its visible reviews).")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<ProductDto>> GetProductAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{sku}")] HttpRequest request,
        string sku,
        CancellationToken cancellationToken)
    {
        var levels = stock.GetLevelsAsync([sku], cancellationToken);
        var rating = reviews.GetSummaryAsync(sku, cancellationToken);
        var product = (await products.GetShownAsync([sku], cancellationToken)).Values.FirstOrDefault();
        if (product is not { Active: true })
        {
            throw ProductNotFoundException.For(sku);
        }

        var item = (await levels).GetValueOrDefault(product.Sku);
        return TypedResults.Ok(ProductDto.From(product, ProductAvailabilityMapping.AvailabilityOf(item, options.Value.LowStockThreshold), RatingDto.From(await rating)));
    }

    [Function("ListCategories")]
    [EndpointSummary("Lists the categories of active products with how many products each has.")]
    [Tags(Tag)]
    public async Task<Ok<List<CategoryDto>>> ListCategoriesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "categories")] HttpRequest request,
        CancellationToken cancellationToken)
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

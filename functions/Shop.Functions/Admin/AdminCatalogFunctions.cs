using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Catalog;
using Shop.Domain.Common;
using Shop.Domain.Inventory;
using Shop.Domain.Pricing;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Catalog;

namespace Shop.Functions.Admin;

/// <summary>
/// Catalog and stock administration. Every function here is <see cref="FunctionAuth.Admin"/>: the caller sends the
/// admin key (setting <c>Admin__ApiKey</c>) in the <c>X-Admin-Key</c> header; none → 401, a wrong one → 403.
/// </summary>
public sealed class AdminCatalogFunctions(IProductStore products, IStockStore stock, PriceCalculator pricing, IOptions<CatalogOptions> options, Shop.Orchestrations.Restock.ReorderJobs restock)
{
    public const string Tag = "Admin: catalog and stock";
    private const int MaxImageUrlLength = 2048;
    private const int MaxNoteLength = 500;
    private const string AdminDescription = "Requires the admin key in the X-Admin-Key header.";

    [Function("UpsertProduct")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Creates (201) or updates (200) a product.")]
    [EndpointDescription(AdminDescription)]
    [Tags(Tag)]
    [JsonBody(typeof(UpsertProductRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    public async Task<Results<Created<AdminProductDto>, Ok<AdminProductDto>>> UpsertProductAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/products/{sku}")] HttpRequest httpRequest,
        string sku,
        CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<UpsertProductRequest>(httpRequest, cancellationToken);
        if (!Skus.TryNormalize(sku, out var key))
        {
            throw ProblemException.Validation("sku", $"A SKU is 1 to {Skus.MaxLength} letters, digits, '-' or '_', starting with a letter or digit.");
        }

        var (price, images) = ValidateProduct(request, pricing.Currency);
        var product = await products.GetAsync(key, cancellationToken);
        if (product is null)
        {
            product = Product.Create(key, request.Name!, request.Description ?? string.Empty, request.Category!, price, request.WeightGrams!.Value, images, request.Active ?? true);
        }
        else
        {
            product.Update(request.Name!, request.Description ?? string.Empty, request.Category!, price, request.WeightGrams!.Value, images);
            if (request.Active is { } active)
            {
                if (active)
                {
                    product.Activate();
                }
                else
                {
                    product.Deactivate();
                }
            }
        }

        var created = await products.UpsertAsync(product, cancellationToken);
        var dto = AdminProductDto.From(product);
        return created ? TypedResults.Created($"/api/products/{key}", dto) : TypedResults.Ok(dto);
    }

    [Function("DeactivateProduct")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Deactivates a product: hidden from the storefront and carts, kept for order history.")]
    [EndpointDescription(AdminDescription)]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<NoContent> DeactivateProductAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "admin/products/{sku}")] HttpRequest request,
        string sku,
        CancellationToken cancellationToken)
    {
        var product = await products.GetAsync(sku, cancellationToken) ?? throw ProductNotFoundException.For(sku);
        if (product.Active)
        {
            product.Deactivate();
            await products.UpsertAsync(product, cancellationToken);
        }

        return TypedResults.NoContent();
    }

    [Function("GetStock")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Gets a SKU's stock: on hand, held, available, received, sold, reorder settings, and its sales velocity and days of cover (over Reorder__VelocityWindowDays).")]
    [EndpointDescription(AdminDescription)]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<StockDto>> GetStockAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/stock/{sku}")] HttpRequest request,
        string sku,
        CancellationToken cancellationToken)
    {
        var product = await products.GetAsync(sku, cancellationToken) ?? throw ProductNotFoundException.For(sku);
        var item = await stock.GetAsync(product.Sku, cancellationToken) ?? StockItem.Create(product.Sku);
        var assessment = await restock.AssessAsync(item, cancellationToken: cancellationToken);
        return TypedResults.Ok(StockDto.From(item, options.Value.LowStockThreshold) with { Velocity = assessment.Velocity, DaysOfCover = assessment.DaysOfCover });
    }

    [Function("ReceiveStock")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Records units received from a supplier.")]
    [EndpointDescription(AdminDescription)]
    [Tags(Tag)]
    [JsonBody(typeof(StockReceiptRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<StockDto>> ReceiveStockAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/stock/{sku}/receipts")] HttpRequest httpRequest,
        string sku,
        CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<StockReceiptRequest>(httpRequest, cancellationToken);
        var quantity = request.Quantity switch
        {
            null => throw ProblemException.Validation("quantity", "The quantity is required."),
            < 1 or > StockItem.MaxQuantity => throw ProblemException.Validation("quantity", $"The quantity must be 1 to {StockItem.MaxQuantity}."),
            { } q => q,
        };
        if (request.Note is { Length: > MaxNoteLength })
        {
            throw ProblemException.Validation("note", $"The note is at most {MaxNoteLength} characters.");
        }

        var product = await products.GetAsync(sku, cancellationToken) ?? throw ProductNotFoundException.For(sku);
        var item = await stock.ReceiveAsync(product.Sku, quantity, request.Note, cancellationToken);
        return TypedResults.Ok(StockDto.From(item, options.Value.LowStockThreshold));
    }

    [Function("SetStockReorder")]
    [FunctionAccess(FunctionAuth.Admin)]
    [EndpointSummary("Sets a SKU's reorder point and lead time.")]
    [EndpointDescription(AdminDescription)]
    [Tags(Tag)]
    [JsonBody(typeof(ReorderSettingsRequest))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<StockDto>> SetReorderAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/stock/{sku}/reorder")] HttpRequest httpRequest,
        string sku,
        CancellationToken cancellationToken)
    {
        var request = await JsonBody.ReadAsync<ReorderSettingsRequest>(httpRequest, cancellationToken);
        var reorderPoint = request.ReorderPoint switch
        {
            null => throw ProblemException.Validation("reorderPoint", "The reorder point is required."),
            < 0 or > StockItem.MaxQuantity => throw ProblemException.Validation("reorderPoint", $"The reorder point must be 0 to {StockItem.MaxQuantity}."),
            { } r => r,
        };
        var leadTimeDays = request.LeadTimeDays switch
        {
            null => throw ProblemException.Validation("leadTimeDays", "The lead time is required."),
            < 0 or > StockItem.MaxLeadTimeDays => throw ProblemException.Validation("leadTimeDays", $"The lead time must be 0 to {StockItem.MaxLeadTimeDays} days."),
            { } d => d,
        };
        var product = await products.GetAsync(sku, cancellationToken) ?? throw ProductNotFoundException.For(sku);
        var item = await stock.SetReorderAsync(product.Sku, reorderPoint, leadTimeDays, cancellationToken);
        return TypedResults.Ok(StockDto.From(item, options.Value.LowStockThreshold));
    }

    /// <summary>Checks every field at once; a 400 lists each one at fault.</summary>
    private static (Money Price, List<Uri> Images) ValidateProduct(UpsertProductRequest request, string currency)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.TryAdd(field, [message]);
            }
        }

        Check(!string.IsNullOrWhiteSpace(request.Name), "name", "The name is required.");
        Check(request.Name is null || request.Name.Trim().Length <= Product.MaxNameLength, "name", $"At most {Product.MaxNameLength} characters.");
        Check(request.Description is null || request.Description.Trim().Length <= Product.MaxDescriptionLength, "description", $"At most {Product.MaxDescriptionLength} characters.");
        Check(!string.IsNullOrWhiteSpace(request.Category), "category", "The category is required.");
        Check(request.Category is null || request.Category.Trim().Length <= Product.MaxCategoryLength, "category", $"At most {Product.MaxCategoryLength} characters.");
        Check(request.Currency is null || string.Equals(request.Currency.Trim(), currency, StringComparison.OrdinalIgnoreCase), "currency", $"Prices are in the shop's currency, {currency}.");
        var minorUnits = Currencies.MinorUnits(currency);
        Check(request.Price is not null, "price", "The price is required.");
        Check(request.Price is null or (> 0m and <= 1_000_000m), "price", "The price must be more than 0 and at most 1,000,000.");
        Check(request.Price is null || decimal.Round(request.Price.Value, minorUnits) == request.Price.Value, "price", $"{currency} prices have at most {minorUnits} decimal places.");
        Check(request.WeightGrams is not null, "weightGrams", "The weight in grams is required.");
        Check(request.WeightGrams is null or (>= 0 and <= Product.MaxWeightGrams), "weightGrams", $"The weight must be 0 to {Product.MaxWeightGrams} grams.");
        var images = new List<Uri>();
        var urls = request.ImageUrls ?? [];
        Check(urls.Count <= Product.MaxImages, "imageUrls", $"At most {Product.MaxImages} images.");
        foreach (var url in urls)
        {
            var ok = url is { Length: > 0 and <= MaxImageUrlLength }
                && Uri.TryCreate(url, UriKind.Absolute, out var uri)
                && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
            Check(ok, "imageUrls", "Each image URL must be an absolute http(s) URL of at most 2048 characters.");
            if (ok)
            {
                images.Add(new Uri(url!, UriKind.Absolute));
            }
        }

        if (errors.Count > 0)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "One or more validation errors occurred.", string.Join(" ", errors.Select(e => $"'{e.Key}': {e.Value[0]}")), errors);
        }

        return (new Money(request.Price!.Value, currency), images);
    }
}

using Shop.Domain.Catalog;
using Shop.Functions.Reviews;

namespace Shop.Functions.Catalog;

/// <summary>A product as the storefront shows it; the product page (not the list) carries its rating.</summary>
public sealed record ProductDto(
    string Sku,
    string Name,
    string Description,
    string Category,
    MoneyDto Price,
    int WeightGrams,
    IReadOnlyList<string> ImageUrls,
    ProductAvailability Availability,
    RatingDto? Rating = null)
{
    public static ProductDto From(Product product, ProductAvailability availability, RatingDto? rating = null) => new(
        product.Sku,
        product.Name,
        product.Description,
        product.Category,
        MoneyDto.From(product.Price),
        product.WeightGrams,
        product.ImageUrls.Select(u => u.AbsoluteUri).ToList(),
        availability,
        rating);
}

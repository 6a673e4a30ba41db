using Shop.Domain.Catalog;

namespace Shop.Functions.Catalog;

/// <summary>A product as the storefront shows it.</summary>
public sealed record ProductDto(
    string Sku,
    string Name,
    string Description,
    string Category,
    MoneyDto Price,
    int WeightGrams,
    IReadOnlyList<string> ImageUrls,
    ProductAvailability Availability)
{
    public static ProductDto From(Product product, ProductAvailability availability) => new(
        product.Sku,
        product.Name,
        product.Description,
        product.Category,
        MoneyDto.From(product.Price),
        product.WeightGrams,
        product.ImageUrls.Select(u => u.AbsoluteUri).ToList(),
        availability);
}

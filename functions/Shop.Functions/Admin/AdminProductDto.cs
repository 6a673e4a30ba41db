using Shop.Domain.Catalog;
using Shop.Functions.Catalog;

namespace Shop.Functions.Admin;

/// <summary>A product as operators see it (active or not).</summary>
public sealed record AdminProductDto(
    string Sku,
    string Name,
    string Description,
    string Category,
    MoneyDto Price,
    int WeightGrams,
    IReadOnlyList<string> ImageUrls,
    bool Active)
{
    public static AdminProductDto From(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(
            product.Sku,
            product.Name,
            product.Description,
            product.Category,
            MoneyDto.From(product.Price),
            product.WeightGrams,
            product.ImageUrls.Select(u => u.AbsoluteUri).ToList(),
            product.Active);
    }
}

using Shop.Domain.Common;

namespace Shop.Domain.Catalog;

/// <summary>
/// A product of the catalog. Products are never deleted, only deactivated, so orders keep their history;
/// an inactive product is hidden from the storefront and cannot be added to a cart.
/// </summary>
public sealed class Product
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 4000;
    public const int MaxCategoryLength = 100;
    public const int MaxImages = 10;
    public const int MaxWeightGrams = 1_000_000;

    private Product(string sku, string name, string description, string category, Money price, int weightGrams, IReadOnlyList<Uri> imageUrls, bool active)
    {
        Sku = sku;
        Name = name;
        Description = description;
        Category = category;
        Price = price;
        WeightGrams = weightGrams;
        ImageUrls = imageUrls;
        Active = active;
    }

    public string Sku { get; }

    public string Name { get; private set; }

    public string Description { get; private set; }

    /// <summary>The category as shown to customers (e.g. <c>Kitchen</c>).</summary>
    public string Category { get; private set; }

    /// <summary>The category's case-insensitive key (upper-case), used to filter.</summary>
    public string CategoryKey => KeyOf(Category);

    public Money Price { get; private set; }

    /// <summary>Shipping weight in grams.</summary>
    public int WeightGrams { get; private set; }

    public IReadOnlyList<Uri> ImageUrls { get; private set; }

    public bool Active { get; private set; }

    /// <summary>Creates a product; every argument is checked (an <see cref="ArgumentException"/> names the one at fault).</summary>
    public static Product Create(string sku, string name, string description, string category, Money price, int weightGrams, IEnumerable<Uri>? imageUrls, bool active = true)
    {
        var product = new Product(Skus.Normalize(sku), string.Empty, string.Empty, string.Empty, price, 0, [], active);
        product.Update(name, description, category, price, weightGrams, imageUrls);
        return product;
    }

    /// <summary>The case-insensitive key of a category name.</summary>
    public static string KeyOf(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        return category.Trim().ToUpperInvariant();
    }

    /// <summary>Changes the product's details (the SKU never changes).</summary>
    public void Update(string name, string description, string category, Money price, int weightGrams, IEnumerable<Uri>? imageUrls)
    {
        name = Required(name, MaxNameLength, nameof(name));
        category = Required(category, MaxCategoryLength, nameof(category));
        description = (description ?? string.Empty).Trim();
        if (description.Length > MaxDescriptionLength)
        {
            throw new ArgumentException($"The description is longer than {MaxDescriptionLength} characters.", nameof(description));
        }

        if (price.Amount <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(price), price, "A price must be more than zero.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(weightGrams);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(weightGrams, MaxWeightGrams);
        var images = (imageUrls ?? []).ToList();
        if (images.Count > MaxImages)
        {
            throw new ArgumentException($"A product has at most {MaxImages} images.", nameof(imageUrls));
        }

        if (images.Exists(u => !u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttps && u.Scheme != Uri.UriSchemeHttp)))
        {
            throw new ArgumentException("Image URLs must be absolute http(s) URLs.", nameof(imageUrls));
        }

        Name = name;
        Description = description;
        Category = category;
        Price = price;
        WeightGrams = weightGrams;
        ImageUrls = images.AsReadOnly();
    }

    /// <summary>Hides the product from the storefront; its history stays.</summary>
    public void Deactivate() => Active = false;

    public void Activate() => Active = true;

    private static string Required(string value, int maxLength, string field)
    {
        var trimmed = (value ?? string.Empty).Trim();
        if (trimmed.Length == 0)
        {
            throw new ArgumentException($"The {field} is required.", field);
        }

        if (trimmed.Length > maxLength)
        {
            throw new ArgumentException($"The {field} is longer than {maxLength} characters.", field);
        }

        return trimmed;
    }
}

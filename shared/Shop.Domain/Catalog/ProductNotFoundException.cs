namespace Shop.Domain.Catalog;

/// <summary>No (active) product has the SKU.</summary>
public sealed class ProductNotFoundException : Exception
{
    public ProductNotFoundException()
    {
    }

    public ProductNotFoundException(string message)
        : base(message)
    {
    }

    public ProductNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static ProductNotFoundException For(string sku) => new($"No product has SKU '{sku}'.") { Sku = sku };

    public string? Sku { get; private init; }
}

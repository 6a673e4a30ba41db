namespace Shop.Domain.Carts;

/// <summary>The cart has no line for the SKU.</summary>
public sealed class CartLineNotFoundException : Exception
{
    public CartLineNotFoundException()
    {
    }

    public CartLineNotFoundException(string message)
        : base(message)
    {
    }

    public CartLineNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Shop.Domain.Carts;

/// <summary>A line would hold fewer than 1 or more than 99 units.</summary>
public sealed class CartQuantityException : Exception
{
    public CartQuantityException()
    {
    }

    public CartQuantityException(string message)
        : base(message)
    {
    }

    public CartQuantityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

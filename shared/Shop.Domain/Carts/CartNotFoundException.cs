namespace Shop.Domain.Carts;

/// <summary>No cart has the id.</summary>
public sealed class CartNotFoundException : Exception
{
    public CartNotFoundException()
    {
    }

    public CartNotFoundException(string message)
        : base(message)
    {
    }

    public CartNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

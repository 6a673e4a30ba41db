namespace Shop.Domain.Carts;

/// <summary>The cart cannot take another line.</summary>
public sealed class CartLimitException : Exception
{
    public CartLimitException()
    {
    }

    public CartLimitException(string message)
        : base(message)
    {
    }

    public CartLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

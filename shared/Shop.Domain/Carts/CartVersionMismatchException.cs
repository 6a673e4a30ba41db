namespace Shop.Domain.Carts;

/// <summary>The cart changed since the version the caller named (a stale ETag).</summary>
public sealed class CartVersionMismatchException : Exception
{
    public CartVersionMismatchException()
    {
    }

    public CartVersionMismatchException(string message)
        : base(message)
    {
    }

    public CartVersionMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

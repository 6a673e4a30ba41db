namespace Shop.Domain.Carts;

/// <summary>The cart was checked out already, as another order: a second checkout of it is refused.</summary>
public sealed class CartCheckedOutException : Exception
{
    public CartCheckedOutException()
        : base("This cart has already been checked out.")
    {
    }

    public CartCheckedOutException(string message)
        : base(message)
    {
    }

    public CartCheckedOutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

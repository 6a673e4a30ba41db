namespace Shop.Domain.Carts;

/// <summary>The cart is checked out or expired and refuses changes.</summary>
public sealed class CartClosedException : Exception
{
    public CartClosedException()
    {
    }

    public CartClosedException(string message)
        : base(message)
    {
    }

    public CartClosedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CartClosedException(string cartId, CartStatus status)
        : base($"Cart '{cartId}' is {Describe(status)} and can no longer change.")
    {
        Status = status;
    }

    public CartStatus? Status { get; }

    private static string Describe(CartStatus status) => status switch
    {
        CartStatus.CheckedOut => "checked out",
        CartStatus.Expired => "expired",
        _ => "open",
    };
}

namespace Shop.Domain.Inventory;

/// <summary>Fewer units are available than were asked for.</summary>
public sealed class InsufficientStockException : Exception
{
    public InsufficientStockException()
    {
    }

    public InsufficientStockException(string message)
        : base(message)
    {
    }

    public InsufficientStockException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InsufficientStockException(string sku, int requested, int available)
        : base($"Only {Math.Max(available, 0)} of '{sku}' available; {requested} requested.")
    {
        Sku = sku;
        Requested = requested;
        Available = available;
    }

    public string? Sku { get; }

    public int Requested { get; }

    public int Available { get; }
}

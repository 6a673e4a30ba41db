namespace Shop.Domain.Returns;

/// <summary>No return has this id.</summary>
public sealed class ReturnNotFoundException : Exception
{
    public ReturnNotFoundException()
    {
    }

    public ReturnNotFoundException(string returnId)
        : base($"No return '{returnId}'.")
    {
    }

    public ReturnNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

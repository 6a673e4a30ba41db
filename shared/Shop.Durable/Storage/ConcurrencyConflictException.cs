namespace Shop.Durable.Storage;

/// <summary>Another writer committed first (ETag or key conflict); reload and re-apply.</summary>
internal sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

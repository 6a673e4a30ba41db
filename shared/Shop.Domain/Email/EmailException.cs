namespace Shop.Domain.Email;

/// <summary>An email could not be handed to the provider. See <see cref="EmailTransientException"/> and <see cref="EmailPermanentException"/>.</summary>
public abstract class EmailException : Exception
{
    protected EmailException(string message, int? statusCode, Exception? innerException)
        : base(message, innerException)
    {
        StatusCode = statusCode;
    }

    /// <summary>The provider's HTTP status, when it answered.</summary>
    public int? StatusCode { get; }

    /// <summary>True when sending again later with the same idempotency key may succeed.</summary>
    public abstract bool IsTransient { get; }
}

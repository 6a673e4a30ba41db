namespace Shop.Domain.Email;

/// <summary>The provider was unreachable, rate-limited (429) or failing (5xx) after the adapter's own retries.</summary>
public sealed class EmailTransientException : EmailException
{
    public EmailTransientException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, statusCode, innerException)
    {
    }

    public override bool IsTransient => true;
}

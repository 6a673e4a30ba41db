namespace Shop.Domain.Email;

/// <summary>A template could not be filled: a value is missing or unknown. Nothing is sent with a hole in it.</summary>
public sealed class EmailRenderException : Exception
{
    public EmailRenderException()
    {
    }

    public EmailRenderException(string message)
        : base(message)
    {
    }

    public EmailRenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

namespace Shop.Domain.Email;

/// <summary>The provider refused the message (4xx other than 429), with its error text: sending again will not help.</summary>
public sealed class EmailPermanentException : EmailException
{
    public EmailPermanentException(string message, int? statusCode = null, Exception? innerException = null)
        : base(message, statusCode, innerException)
    {
    }

    public override bool IsTransient => false;
}

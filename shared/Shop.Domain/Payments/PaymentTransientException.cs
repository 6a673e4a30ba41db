namespace Shop.Domain.Payments;

/// <summary>A failure that may pass: network, rate limit (429), provider error (5xx). Retry with the same idempotency key.</summary>
public sealed class PaymentTransientException : PaymentException
{
    public PaymentTransientException(PaymentErrorKind kind, string message, string? providerCode = null, Exception? innerException = null)
        : base(kind, message, providerCode, innerException)
    {
    }

    public override bool IsTransient => true;
}

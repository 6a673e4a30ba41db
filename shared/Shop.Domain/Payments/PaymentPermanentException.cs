namespace Shop.Domain.Payments;

/// <summary>A failure retrying cannot fix: invalid request, wrong payment state, idempotency conflict, bad credentials.</summary>
public sealed class PaymentPermanentException : PaymentException
{
    public PaymentPermanentException(PaymentErrorKind kind, string message, string? providerCode = null, Exception? innerException = null)
        : base(kind, message, providerCode, innerException)
    {
    }

    public override bool IsTransient => false;
}

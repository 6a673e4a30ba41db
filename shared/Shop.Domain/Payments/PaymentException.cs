namespace Shop.Domain.Payments;

/// <summary>A payment call failed without an outcome. See <see cref="PaymentTransientException"/> and <see cref="PaymentPermanentException"/>.</summary>
public abstract class PaymentException : Exception
{
    protected PaymentException(PaymentErrorKind kind, string message, string? providerCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ProviderCode = providerCode;
    }

    public PaymentErrorKind Kind { get; }

    /// <summary>The provider's error code when it sent one (e.g. <c>idempotency_error</c>, <c>payment_intent_unexpected_state</c>).</summary>
    public string? ProviderCode { get; }

    /// <summary>True when retrying the same call with the same idempotency key may succeed.</summary>
    public abstract bool IsTransient { get; }
}

namespace Shop.Domain.Payments;

/// <summary>A webhook whose signature is missing, wrong, or outside the time tolerance: reject it (HTTP 400/401) and act on nothing.</summary>
public sealed class PaymentWebhookSignatureException : Exception
{
    public PaymentWebhookSignatureException()
    {
    }

    public PaymentWebhookSignatureException(string message)
        : base(message)
    {
    }

    public PaymentWebhookSignatureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

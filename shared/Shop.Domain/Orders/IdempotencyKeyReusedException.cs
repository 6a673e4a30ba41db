namespace Shop.Domain.Orders;

/// <summary>An idempotency key already stands for a different request.</summary>
public sealed class IdempotencyKeyReusedException : Exception
{
    public IdempotencyKeyReusedException()
        : base("This Idempotency-Key was used with a different request; use a new key for a new checkout.")
    {
    }

    public IdempotencyKeyReusedException(string message)
        : base(message)
    {
    }

    public IdempotencyKeyReusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

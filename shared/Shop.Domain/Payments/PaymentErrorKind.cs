namespace Shop.Domain.Payments;

/// <summary>What went wrong with a payment call that did not produce an outcome.</summary>
public enum PaymentErrorKind
{
    /// <summary>Network failure or timeout: the provider may or may not have acted; retry with the same key.</summary>
    Network,

    /// <summary>The provider refused for load (HTTP 429); retry later with the same key.</summary>
    RateLimited,

    /// <summary>The provider failed (HTTP 5xx) or a concurrent request with the same key is still running; retry with the same key.</summary>
    ProviderUnavailable,

    /// <summary>The request is invalid (bad parameter, unknown payment, wrong state such as capturing a voided payment).</summary>
    InvalidRequest,

    /// <summary>The same idempotency key was used with different parameters.</summary>
    IdempotencyConflict,

    /// <summary>The credentials are missing, wrong or lack permission: a configuration error.</summary>
    Authentication,
}

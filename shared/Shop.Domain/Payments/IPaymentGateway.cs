using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>
/// The payment port: card authorizations with manual capture, as Stripe PaymentIntents model them.
/// Every mutating call takes an idempotency key: the same key returns the first result, and the same key
/// with different parameters is refused (<see cref="PaymentErrorKind.IdempotencyConflict"/>).
/// </summary>
/// <remarks>
/// Failures throw <see cref="PaymentTransientException"/> (network, rate limit, provider outage: retry with the
/// same key) or <see cref="PaymentPermanentException"/> (invalid request, wrong state, bad credentials: do not
/// retry). A card decline is not an exception: it is a <see cref="PaymentDeclined"/> result.
/// </remarks>
public interface IPaymentGateway
{
    /// <summary>
    /// Places a hold of <paramref name="amount"/> on <paramref name="paymentMethod"/> for the order. The result is
    /// <see cref="PaymentAuthorized"/>, <see cref="PaymentRequiresAction"/> (the customer must authenticate; the
    /// outcome arrives later as a <see cref="PaymentEvent"/>) or <see cref="PaymentDeclined"/>.
    /// </summary>
    Task<AuthorizationResult> AuthorizeAsync(string orderId, Money amount, string paymentMethod, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Places a new hold of <paramref name="amount"/> off-session (the customer is not there to authenticate), on the
    /// payment method saved with the earlier authorization <paramref name="previousPaymentId"/> (Stripe: its Customer
    /// and PaymentMethod), to replace one that lapses or could not be captured. A card that needs the customer
    /// (3-D Secure) is declined (<c>authentication_required</c>); never <see cref="PaymentRequiresAction"/>.
    /// </summary>
    Task<AuthorizationResult> ReauthorizeAsync(string orderId, Money amount, string paymentMethod, string previousPaymentId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Captures an authorized payment: all of it (<paramref name="amount"/> null) or part (the rest is released).</summary>
    Task<CaptureResult> CaptureAsync(string paymentId, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Releases an authorization that was not captured (Stripe: cancel the PaymentIntent).</summary>
    Task<VoidResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Refunds <paramref name="amount"/> of a captured payment.</summary>
    Task<RefundResult> RefundAsync(string paymentId, Money amount, RefundReason reason, string idempotencyKey, CancellationToken cancellationToken = default);
}

using System.Net;
using Shop.Domain.Payments;
using Stripe;

namespace Shop.Infrastructure.Payments.Stripe;

/// <summary>Maps what Stripe.net throws to the port's transient and permanent failures.</summary>
internal static class StripeErrors
{
    public static PaymentException Map(Exception exception, string operation)
    {
        switch (exception)
        {
            case StripeException stripe:
                var status = (int)stripe.HttpStatusCode;
                var error = stripe.StripeError;
                var code = error?.Code ?? error?.Type;
                var message = $"Stripe {operation} failed ({status} {error?.Type ?? "error"}{(error?.Code is { } c ? "/" + c : string.Empty)}): {error?.Message ?? stripe.Message}";
                return status switch
                {
                    (int)HttpStatusCode.TooManyRequests => new PaymentTransientException(PaymentErrorKind.RateLimited, message, code, stripe),
                    (int)HttpStatusCode.Conflict => new PaymentTransientException(PaymentErrorKind.ProviderUnavailable, message, code, stripe),
                    0 or >= 500 => new PaymentTransientException(PaymentErrorKind.ProviderUnavailable, message, code, stripe),
                    (int)HttpStatusCode.Unauthorized or (int)HttpStatusCode.Forbidden => new PaymentPermanentException(PaymentErrorKind.Authentication, message, code, stripe),
                    _ when error?.Type == "idempotency_error" => new PaymentPermanentException(PaymentErrorKind.IdempotencyConflict, message, code, stripe),
                    _ => new PaymentPermanentException(PaymentErrorKind.InvalidRequest, message, code, stripe),
                };
            case HttpRequestException http:
                return new PaymentTransientException(PaymentErrorKind.Network, $"Stripe {operation} failed: {http.Message}", innerException: http);
            case OperationCanceledException timeout:
                return new PaymentTransientException(PaymentErrorKind.Network, $"Stripe {operation} timed out.", innerException: timeout);
            default:
                return new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"Stripe {operation} failed: {exception.Message}", innerException: exception);
        }
    }
}

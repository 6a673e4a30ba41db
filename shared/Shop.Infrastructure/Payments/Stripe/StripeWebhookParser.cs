using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Disputes;
using Dispute = Stripe.Dispute;
using Shop.Domain.Payments;
using Shop.Hosting.Configuration;
using Stripe;

namespace Shop.Infrastructure.Payments.Stripe;

/// <summary>
/// Verifies Stripe webhooks (<c>Stripe-Signature</c>, HMAC-SHA256 over the raw body with the endpoint secret,
/// within <see cref="StripeOptions.WebhookToleranceSeconds"/>) with Stripe.net's <see cref="EventUtility"/>, and maps
/// the events the shop acts on to typed <see cref="PaymentEvent"/>s.
/// </summary>
/// <remarks>
/// The event's API version is not required to equal Stripe.net's: only long-stable fields are read
/// (ids, amounts, currency, status, metadata, last payment error), and an endpoint pinned to an older version
/// must not turn every delivery into a failure.
/// </remarks>
public sealed class StripeWebhookParser(IOptions<StripeOptions> options, TimeProvider time, ILogger<StripeWebhookParser> logger) : IPaymentWebhookParser
{
    public PaymentEvent? Parse(string payload, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var settings = options.Value;
        if (!Secrets.IsSet(settings.WebhookSecret))
        {
            // Unset, or a Key Vault reference Azure could not resolve: no event is verified with it.
            throw Reject("Stripe__WebhookSecret is not set (or its Key Vault reference did not resolve), so no webhook can be verified");
        }

        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            throw Reject("the Stripe-Signature header is missing");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(
                payload,
                signatureHeader,
                settings.WebhookSecret,
                tolerance: settings.WebhookToleranceSeconds,
                utcNow: time.GetUtcNow().ToUnixTimeSeconds(),
                throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            throw Reject(ex.Message, ex);
        }
        catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException or ArgumentException)
        {
            throw Reject("the body is not a Stripe event", ex);
        }

        Log.WebhookVerified(logger, stripeEvent.Id, stripeEvent.Type);
        var occurredAt = new DateTimeOffset(DateTime.SpecifyKind(stripeEvent.Created, DateTimeKind.Utc));
        var data = stripeEvent.Data?.Object;
        return (stripeEvent.Type, data) switch
        {
            (EventTypes.PaymentIntentSucceeded, PaymentIntent pi) =>
                new PaymentSucceeded(stripeEvent.Id, pi.Id, OrderId(pi.Metadata), occurredAt, Money.FromMinorUnits(pi.AmountReceived, pi.Currency)),
            (EventTypes.PaymentIntentPaymentFailed, PaymentIntent pi) =>
                new PaymentFailed(stripeEvent.Id, pi.Id, OrderId(pi.Metadata), occurredAt, pi.LastPaymentError?.Message ?? "The payment failed.", pi.LastPaymentError?.Code, pi.LastPaymentError?.DeclineCode),
            (EventTypes.PaymentIntentAmountCapturableUpdated, PaymentIntent pi) =>
                new AmountCapturableUpdated(stripeEvent.Id, pi.Id, OrderId(pi.Metadata), occurredAt, Money.FromMinorUnits(pi.AmountCapturable, pi.Currency), CaptureBefore(pi)),
            (EventTypes.PaymentIntentCanceled, PaymentIntent pi) =>
                new PaymentCanceled(stripeEvent.Id, pi.Id, OrderId(pi.Metadata), occurredAt, pi.CancellationReason),
            (EventTypes.ChargeRefunded, Charge charge) when charge.PaymentIntentId is { Length: > 0 } =>
                new ChargeRefunded(stripeEvent.Id, charge.PaymentIntentId, OrderId(charge.Metadata), occurredAt, Money.FromMinorUnits(charge.AmountRefunded, charge.Currency), Money.FromMinorUnits(charge.AmountCaptured, charge.Currency)),
            (EventTypes.ChargeDisputeCreated, Dispute dispute) when dispute.PaymentIntentId is { Length: > 0 } =>
                new DisputeCreated(stripeEvent.Id, dispute.PaymentIntentId, null, occurredAt, dispute.Id, Money.FromMinorUnits(dispute.Amount, dispute.Currency), dispute.Reason ?? "general", DueBy(dispute)),
            (EventTypes.ChargeDisputeClosed, Dispute dispute) when dispute.PaymentIntentId is { Length: > 0 } =>
                new DisputeClosed(stripeEvent.Id, dispute.PaymentIntentId, null, occurredAt, dispute.Id, dispute.Status ?? "closed"),
            _ => null,
        };
    }

    private static string? OrderId(Dictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(StripePaymentGateway.OrderIdMetadataKey, out var orderId) ? orderId : null;

    private static DateTimeOffset? DueBy(Dispute dispute) =>
        dispute.EvidenceDetails?.DueBy is { } due && due > DateTime.UnixEpoch ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null;

    private static DateTimeOffset? CaptureBefore(PaymentIntent intent) =>
        intent.LatestCharge?.PaymentMethodDetails?.Card?.CaptureBefore is { } deadline && deadline > DateTime.UnixEpoch
            ? new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc))
            : null;

    private PaymentWebhookSignatureException Reject(string reason, Exception? inner = null)
    {
        Log.WebhookRejected(logger, reason);
        return inner is null ? new PaymentWebhookSignatureException(reason) : new PaymentWebhookSignatureException(reason, inner);
    }
}

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Common;
using Shop.Domain.Payments;
using Stripe;

namespace Shop.Infrastructure.Payments.Stripe;

/// <summary>
/// The payment port on Stripe PaymentIntents: created and confirmed at once with manual capture, captured
/// (fully or partly), cancelled (void) and refunded, each call with the caller's idempotency key.
/// Card errors become <see cref="PaymentDeclined"/>; other errors the port's transient or permanent failures.
/// At checkout the payment method is saved to a Stripe Customer of the order (<c>setup_future_usage=off_session</c>),
/// and a card that asks for 3-D Secure returns its client secret and, for a redirect, the bank's URL (the shopper comes
/// back to <see cref="StripeOptions.ReturnUrl"/>); a re-authorization is made off-session on that Customer.
/// </summary>
public sealed class StripePaymentGateway : IPaymentGateway, IDisposable
{
    /// <summary>The PaymentIntent metadata key that carries the order id into webhooks.</summary>
    public const string OrderIdMetadataKey = "order_id";

    private readonly HttpClient _http;
    private readonly PaymentIntentService _intents;
    private readonly CustomerService _customers;
    private readonly string _returnUrl;
    private readonly RefundService _refunds;
    private readonly PaymentsOptions _payments;
    private readonly ILogger<StripePaymentGateway> _logger;

    public StripePaymentGateway(IOptions<StripeOptions> stripe, IOptions<PaymentsOptions> payments, ILogger<StripePaymentGateway> logger)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        ArgumentNullException.ThrowIfNull(payments);
        var options = stripe.Value;
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException("Stripe__SecretKey is not set: the Stripe gateway cannot be used.");
        }

        _http = new HttpClient { Timeout = options.RequestTimeout };
        var client = new StripeClient(
            apiKey: options.SecretKey,
            httpClient: new SystemNetHttpClient(_http, options.MaxNetworkRetries, appInfo: null, enableTelemetry: false),
            apiBase: string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'));
        _intents = new PaymentIntentService(client);
        _customers = new CustomerService(client);
        _returnUrl = options.ReturnUrl;
        _refunds = new RefundService(client);
        _payments = payments.Value;
        _logger = logger;
    }

    public async Task<AuthorizationResult> AuthorizeAsync(string orderId, Money amount, string paymentMethod, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentMethod);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        Customer customer;
        try
        {
            // The order's Customer keeps the payment method for a re-authorization made without the shopper.
            customer = await _customers.CreateAsync(
                new CustomerCreateOptions { Metadata = new Dictionary<string, string> { [OrderIdMetadataKey] = orderId } },
                Request(idempotencyKey + ":customer"),
                cancellationToken);
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            throw Failed(ex, "authorize", orderId);
        }

        return await CreateIntentAsync(orderId, new PaymentIntentCreateOptions
        {
            Amount = amount.MinorUnits,
            Currency = amount.Currency.ToLowerInvariant(),
            Customer = customer.Id,
            PaymentMethod = paymentMethod,
            SetupFutureUsage = "off_session",
            Confirm = true,
            CaptureMethod = "manual",
            ReturnUrl = _returnUrl.Replace("{orderId}", Uri.EscapeDataString(orderId), StringComparison.Ordinal),
            // The storefront follows Stripe's redirect to the bank (no Stripe.js): ask for redirect_to_url. A storefront
            // with Stripe.js can use the client secret instead.
            UseStripeSdk = false,
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            Metadata = new Dictionary<string, string> { [OrderIdMetadataKey] = orderId },
            Expand = ["latest_charge"],
        }, idempotencyKey, cancellationToken);
    }

    public async Task<AuthorizationResult> ReauthorizeAsync(string orderId, Money amount, string paymentMethod, string previousPaymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(previousPaymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        PaymentIntent previous;
        try
        {
            previous = await _intents.GetAsync(previousPaymentId, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            throw Failed(ex, "re-authorize", orderId);
        }

        if (string.IsNullOrEmpty(previous.CustomerId) || string.IsNullOrEmpty(previous.PaymentMethodId))
        {
            return new PaymentDeclined(null, "No payment method was saved for a payment without the customer.", "payment_method_not_saved", "payment_method_not_saved");
        }

        return await CreateIntentAsync(orderId, new PaymentIntentCreateOptions
        {
            Amount = amount.MinorUnits,
            Currency = amount.Currency.ToLowerInvariant(),
            Customer = previous.CustomerId,
            PaymentMethod = previous.PaymentMethodId,
            OffSession = true,
            Confirm = true,
            CaptureMethod = "manual",
            Metadata = new Dictionary<string, string> { [OrderIdMetadataKey] = orderId },
            Expand = ["latest_charge"],
        }, idempotencyKey, cancellationToken);
    }

    private async Task<AuthorizationResult> CreateIntentAsync(string orderId, PaymentIntentCreateOptions create, string idempotencyKey, CancellationToken cancellationToken)
    {
        PaymentIntent intent;
        try
        {
            intent = await _intents.CreateAsync(create, Request(idempotencyKey), cancellationToken);
        }
        catch (StripeException ex) when (ex.StripeError?.Type == "card_error")
        {
            var error = ex.StripeError;
            Log.Declined(_logger, orderId, error.PaymentIntent?.Id, error.Code, error.DeclineCode);
            return new PaymentDeclined(error.PaymentIntent?.Id, error.Message ?? "Your card was declined.", error.Code ?? "card_declined", error.DeclineCode ?? error.Code ?? "generic_decline");
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            throw Failed(ex, "authorize", orderId);
        }

        switch (intent.Status)
        {
            case "requires_capture":
                var captureBefore = intent.LatestCharge?.PaymentMethodDetails?.Card?.CaptureBefore is { } deadline && deadline > DateTime.UnixEpoch
                    ? new DateTimeOffset(DateTime.SpecifyKind(deadline, DateTimeKind.Utc))
                    : new DateTimeOffset(DateTime.SpecifyKind(intent.Created, DateTimeKind.Utc)) + _payments.CaptureWindow;
                Log.Authorized(_logger, orderId, intent.Id, intent.AmountCapturable, intent.Currency);
                return new PaymentAuthorized(intent.Id, Money.FromMinorUnits(intent.AmountCapturable, intent.Currency), captureBefore);
            case "requires_action" when create.OffSession != true:
                Log.RequiresAction(_logger, orderId, intent.Id);
                return new PaymentRequiresAction(intent.Id, intent.ClientSecret, intent.NextAction?.Type ?? "use_stripe_sdk", intent.NextAction?.RedirectToUrl?.Url);
            case "requires_payment_method" or "requires_action":
                var last = intent.LastPaymentError;
                Log.Declined(_logger, orderId, intent.Id, last?.Code, last?.DeclineCode);
                return new PaymentDeclined(intent.Id, last?.Message ?? "The payment was declined.", last?.Code ?? "card_declined", last?.DeclineCode ?? last?.Code ?? "generic_decline");
            default:
                throw new PaymentPermanentException(PaymentErrorKind.InvalidRequest, $"Stripe returned PaymentIntent {intent.Id} in status '{intent.Status}', which a manual-capture authorization never has.");
        }
    }

    public async Task<CaptureResult> CaptureAsync(string paymentId, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        try
        {
            var intent = await _intents.CaptureAsync(paymentId, new PaymentIntentCaptureOptions { AmountToCapture = amount?.MinorUnits }, Request(idempotencyKey), cancellationToken);
            Log.Captured(_logger, intent.Id, intent.AmountReceived, intent.Currency);
            return new CaptureResult(intent.Id, Money.FromMinorUnits(intent.AmountReceived, intent.Currency));
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            throw Failed(ex, "capture", paymentId);
        }
    }

    public async Task<VoidResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        try
        {
            var intent = await _intents.CancelAsync(paymentId, new PaymentIntentCancelOptions(), Request(idempotencyKey), cancellationToken);
            Log.Voided(_logger, intent.Id);
            return new VoidResult(intent.Id);
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            throw Failed(ex, "void", paymentId);
        }
    }

    public async Task<RefundResult> RefundAsync(string paymentId, Money amount, RefundReason reason, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var create = new RefundCreateOptions
        {
            PaymentIntent = paymentId,
            Amount = amount.MinorUnits,
            Reason = reason switch
            {
                RefundReason.Duplicate => "duplicate",
                RefundReason.Fraudulent => "fraudulent",
                _ => "requested_by_customer",
            },
        };
        try
        {
            var refund = await _refunds.CreateAsync(create, Request(idempotencyKey), cancellationToken);
            Log.Refunded(_logger, paymentId, refund.Id, refund.Amount, refund.Currency);
            return new RefundResult(refund.Id, paymentId, Money.FromMinorUnits(refund.Amount, refund.Currency), refund.Status);
        }
        catch (Exception ex) when (IsProviderFailure(ex, cancellationToken))
        {
            throw Failed(ex, "refund", paymentId);
        }
    }

    public void Dispose() => _http.Dispose();

    private static RequestOptions Request(string idempotencyKey) => new() { IdempotencyKey = idempotencyKey };

    private static bool IsProviderFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is StripeException or HttpRequestException
        || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private PaymentException Failed(Exception exception, string operation, string subject)
    {
        var mapped = StripeErrors.Map(exception, operation);
        Log.CallFailed(_logger, exception, operation, subject, mapped.IsTransient, mapped.Kind);
        return mapped;
    }
}

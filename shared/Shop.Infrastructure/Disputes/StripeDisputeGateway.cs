using System.Globalization;
using Microsoft.Extensions.Options;
using Shop.Domain.Disputes;
using DisputeEvidence = Shop.Domain.Disputes.DisputeEvidence;
using Shop.Infrastructure.Payments;
using Shop.Infrastructure.Payments.Stripe;
using Stripe;

namespace Shop.Infrastructure.Disputes;

/// <summary>
/// Chargebacks on Stripe: the order from the disputed PaymentIntent's metadata, and the evidence submitted with
/// <see cref="DisputeService.UpdateAsync(string, DisputeUpdateOptions, RequestOptions, CancellationToken)"/>
/// (<c>submit=true</c>) under the caller's idempotency key. Failures become the payment port's transient or permanent ones.
/// </summary>
public sealed class StripeDisputeGateway : IDisputeGateway, IDisposable
{
    private readonly HttpClient _http;
    private readonly PaymentIntentService _intents;
    private readonly DisputeService _disputes;

    public StripeDisputeGateway(IOptions<StripeOptions> stripe)
    {
        ArgumentNullException.ThrowIfNull(stripe);
        var options = stripe.Value;
        _http = new HttpClient { Timeout = options.RequestTimeout };
        var client = new StripeClient(
            apiKey: options.SecretKey,
            httpClient: new SystemNetHttpClient(_http, options.MaxNetworkRetries, appInfo: null, enableTelemetry: false),
            apiBase: string.IsNullOrWhiteSpace(options.ApiBase) ? null : options.ApiBase.TrimEnd('/'));
        _intents = new PaymentIntentService(client);
        _disputes = new DisputeService(client);
    }

    public async Task<string?> FindOrderIdAsync(string paymentId, CancellationToken cancellationToken = default)
    {
        try
        {
            var intent = await _intents.GetAsync(paymentId, cancellationToken: cancellationToken);
            return intent.Metadata is { } metadata && metadata.TryGetValue(StripePaymentGateway.OrderIdMetadataKey, out var orderId) ? orderId : null;
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException)
        {
            throw StripeErrors.Map(ex, "read the disputed payment");
        }
    }

    public async Task SubmitEvidenceAsync(string disputeId, DisputeEvidence evidence, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var update = new DisputeUpdateOptions
        {
            Submit = true,
            Evidence = new DisputeEvidenceOptions
            {
                CustomerName = evidence.CustomerName,
                CustomerEmailAddress = evidence.CustomerEmail,
                ShippingAddress = evidence.ShippingAddress,
                ProductDescription = evidence.ProductDescription,
                ShippingCarrier = evidence.Carrier,
                ShippingTrackingNumber = evidence.TrackingNumber,
                ShippingDate = evidence.ShippedAt?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                UncategorizedText = string.Join(
                    "\n",
                    new[] { $"Order {evidence.OrderId}.", evidence.DeliveredAt is { } delivered ? $"Delivered {delivered:u} (carrier confirmation)." : null, $"Emails sent to the customer: {string.Join(", ", evidence.CustomerEmailsSent)}." }
                        .Where(l => l is not null)),
            },
            Metadata = new Dictionary<string, string> { [StripePaymentGateway.OrderIdMetadataKey] = evidence.OrderId },
        };
        try
        {
            await _disputes.UpdateAsync(disputeId, update, new RequestOptions { IdempotencyKey = idempotencyKey }, cancellationToken);
        }
        catch (Exception ex) when (ex is StripeException or HttpRequestException)
        {
            throw StripeErrors.Map(ex, "submit dispute evidence");
        }
    }

    public void Dispose() => _http.Dispose();
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Orders;
using Shop.Domain.Payments;
using Shop.Hosting;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Http;
using Shop.Infrastructure.Payments;
using Shop.Infrastructure.Webhooks;
using Shop.Orchestrations.Orders;

namespace Shop.Functions.Orders;

/// <summary>
/// Webhooks from the carrier and from Stripe. Each verifies its signature on the raw body (401 when it fails, and
/// nothing changes), records the event id so a redelivery is applied once, and raises the event into the order's workflow.
/// </summary>
public sealed class WebhookFunctions(
    WebhookEventLedger ledger,
    IOptions<CarrierOptions> options,
    IOrderStore orders,
    IOrderWorkflow workflow,
    IPaymentWebhookParser parser,
    PaymentEventDispatcher dispatcher,
    TimeProvider time)
{
    public const string Tag = "Webhooks";
    public const string CarrierSignatureHeader = "X-Carrier-Signature";

    [Function("CarrierWebhook")]
    [EndpointSummary("Carrier tracking updates, signed with HMAC-SHA256 over the timestamp and the raw body (X-Carrier-Signature: t=<unix seconds>,sha256=<hex of HMAC(\"<t>.\" + body)>); older than Carrier__WebhookToleranceSeconds is refused.")]
    [Tags(Tag)]
    [JsonBody(typeof(CarrierWebhookEvent))]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<WebhookReceipt>> CarrierAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/carrier")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        var check = WebhookSignature.Verify(body, request.Headers[CarrierSignatureHeader].ToString(), options.Value.WebhookSecret, time.GetUtcNow(), TimeSpan.FromSeconds(options.Value.WebhookToleranceSeconds));
        if (check != WebhookSignatureCheck.Valid)
        {
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Invalid signature", check switch
            {
                WebhookSignatureCheck.Expired => $"The {CarrierSignatureHeader} timestamp is more than {options.Value.WebhookToleranceSeconds} s from now: a replayed or delayed delivery.",
                WebhookSignatureCheck.NoSecret => "Carrier__WebhookSecret is not set (or its Key Vault reference did not resolve): no webhook is accepted.",
                _ => $"The {CarrierSignatureHeader} header (t=<unix seconds>,sha256=<hex>) does not sign this timestamp and body.",
            });
        }

        CarrierWebhookEvent update;
        try
        {
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            ShopHostingExtensions.ConfigureJson(json);
            update = JsonSerializer.Deserialize<CarrierWebhookEvent>(body, json) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw ProblemException.Validation(ex.Path?.TrimStart('$', '.') is { Length: > 0 } field ? field : "body", "The webhook body is not a carrier event: " + ex.Message);
        }

        var eventId = Require(update.EventId, "eventId");
        var orderId = Require(update.OrderId, "orderId");
        var status = CarrierStatuses.Parse(Require(update.Status, "status"))
            ?? throw ProblemException.Validation("status", $"The status must be one of {string.Join(", ", CarrierStatuses.Names)}.");

        var order = await orders.GetAsync(orderId, cancellationToken) ?? throw ProblemException.NotFound("No order has this id.");
        if (await ledger.IsRecordedAsync("carrier", eventId, cancellationToken))
        {
            return TypedResults.Ok(new WebhookReceipt(eventId, Duplicate: true));
        }

        // The effect first, then the record (WebhookEventLedger): the workflow's tracking step is idempotent by event id.
        var signal = new CarrierSignal(eventId, status, update.OccurredAt ?? DateTimeOffset.UtcNow, update.Detail);
        if (!await workflow.RaiseAsync(order.Id, OrderEvents.Carrier, signal, cancellationToken))
        {
            throw ProblemException.Conflict("The order's workflow is not running.");
        }

        var first = await ledger.TryRecordAsync("carrier", eventId, cancellationToken);
        return TypedResults.Ok(new WebhookReceipt(eventId, Duplicate: !first));
    }

    [Function("StripeWebhook")]
    [EndpointSummary("Stripe payment events (Stripe-Signature verified on the raw body).")]
    [Tags(Tag)]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    public async Task<Ok<WebhookReceipt>> StripeAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/stripe")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var body = System.Text.Encoding.UTF8.GetString(await ReadBodyAsync(request, cancellationToken));
        PaymentEvent? paymentEvent;
        try
        {
            paymentEvent = parser.Parse(body, request.Headers["Stripe-Signature"].ToString());
        }
        catch (PaymentWebhookSignatureException ex)
        {
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Invalid signature", ex.Message);
        }

        if (paymentEvent is null)
        {
            return TypedResults.Ok(new WebhookReceipt(null, Duplicate: false));
        }

        if (await ledger.IsRecordedAsync("stripe", paymentEvent.EventId, cancellationToken))
        {
            return TypedResults.Ok(new WebhookReceipt(paymentEvent.EventId, Duplicate: true));
        }

        // The effect first, then the record: a failure in between makes Stripe's retry apply it (the workflow takes one
        // payment event, and ignores those of other payments).
        await dispatcher.DispatchAsync(paymentEvent, cancellationToken);
        var first = await ledger.TryRecordAsync("stripe", paymentEvent.EventId, cancellationToken);
        return TypedResults.Ok(new WebhookReceipt(paymentEvent.EventId, Duplicate: !first));
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) || value.Length > 200
            ? throw ProblemException.Validation(field, $"'{field}' is required (at most 200 characters).")
            : value.Trim();
}

/// <summary>The webhook's answer: which event it was, and whether it had been applied already.</summary>
public sealed record WebhookReceipt(string? EventId, bool Duplicate);

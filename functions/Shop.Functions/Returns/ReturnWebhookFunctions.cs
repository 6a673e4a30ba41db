using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Shop.Domain.Returns;
using Shop.Functions.Orders;
using Shop.Hosting;
using Shop.Hosting.Http;
using Shop.Infrastructure.Returns;
using Shop.Infrastructure.Webhooks;
using Shop.Orchestrations.Returns;

namespace Shop.Functions.Returns;

/// <summary>
/// The carrier's return parcels: "return received" for a return's label, signed as the tracking webhook is
/// (X-Carrier-Signature over the timestamp and the raw body), deduplicated by event id, raised into the return's workflow.
/// </summary>
public sealed class ReturnWebhookFunctions(WebhookEventLedger ledger, ReturnStore returns, ReturnService service, IOptions<CarrierOptions> options, TimeProvider time)
{
    [Function("CarrierReturnWebhook")]
    [EndpointSummary("The carrier reports a return parcel received (status 'received', by returnId), signed like the tracking webhook (X-Carrier-Signature).")]
    [Tags(WebhookFunctions.Tag)]
    [JsonBody(typeof(CarrierReturnEvent))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status401Unauthorized)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Ok<WebhookReceipt>> ReturnReceivedAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/carrier/returns")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        var body = buffer.ToArray();
        var settings = options.Value;
        if (WebhookSignature.Verify(body, request.Headers[WebhookFunctions.CarrierSignatureHeader].ToString(), settings.WebhookSecret, time.GetUtcNow(), TimeSpan.FromSeconds(settings.WebhookToleranceSeconds)) != WebhookSignatureCheck.Valid)
        {
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Invalid signature", $"The {WebhookFunctions.CarrierSignatureHeader} header does not sign this timestamp and body, or is too old.");
        }

        CarrierReturnEvent update;
        try
        {
            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
            ShopHostingExtensions.ConfigureJson(json);
            update = JsonSerializer.Deserialize<CarrierReturnEvent>(body, json) ?? throw new JsonException("empty body");
        }
        catch (JsonException ex)
        {
            throw ProblemException.Validation("body", "The webhook body is not a carrier return event: " + ex.Message);
        }

        if (string.IsNullOrWhiteSpace(update.EventId) || update.EventId.Length > 200)
        {
            throw ProblemException.Validation("eventId", "'eventId' is required (at most 200 characters).");
        }

        if (!string.Equals(update.Status, "received", StringComparison.OrdinalIgnoreCase))
        {
            throw ProblemException.Validation("status", "The status must be 'received'.");
        }

        var found = await returns.FindAsync(update.ReturnId ?? string.Empty, cancellationToken) ?? throw ProblemException.NotFound("No return has this id.");
        if (await ledger.IsRecordedAsync("carrier-returns", update.EventId, cancellationToken))
        {
            return TypedResults.Ok(new WebhookReceipt(update.EventId, Duplicate: true));
        }

        if (found.Status == ReturnStatus.AwaitingParcel)
        {
            await service.ReceiveAsync(found.Id, "carrier", update.OccurredAt, cancellationToken);
        }
        else if (found.ReceivedAt is null)
        {
            throw ProblemException.Conflict($"Return {found.Id} is {ReturnStatuses.Name(found.Status)}: it waits for no parcel.");
        }

        var first = await ledger.TryRecordAsync("carrier-returns", update.EventId, cancellationToken);
        return TypedResults.Ok(new WebhookReceipt(update.EventId, Duplicate: !first));
    }
}

/// <summary>A carrier's return event: which return's parcel, <c>received</c>, and when.</summary>
public sealed record CarrierReturnEvent(string? EventId, string? ReturnId, string? Status, DateTimeOffset? OccurredAt);

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Domain.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Email.Outbox;
using Shop.Infrastructure.Payments.Simulated;

namespace Shop.Functions.Dev;

/// <summary>
/// Development-only windows into the embedded defaults: the email outbox and the simulated payment gateway
/// (404 outside Development, and while the real provider is configured).
/// </summary>
public sealed class DevFunctions(IServiceProvider services)
{
    private const int MaxListed = 500;

    [Function("DevOutboxList")]
    [FunctionAccess(FunctionAuth.Development)]
    [EndpointSummary("Lists the messages in the email outbox, newest first; filter by recipient (to) and/or orderId.")]
    [Tags("Development")]
    [QueryParameter("to", "Only messages to this address.")]
    [QueryParameter("orderId", "Only messages about this order.")]
    [QueryParameter("top", "At most this many (1 to 500, default 100).", Type = typeof(int))]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<IReadOnlyList<OutboxListItem>>> ListOutboxAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/outbox")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var to = QueryValues.Text(request, "to");
        var orderId = QueryValues.Text(request, "orderId");
        var top = QueryValues.Number(request, "top");
        var outbox = RequireOutbox(services);
        var max = top ?? 100;
        if (max is < 1 or > MaxListed)
        {
            throw ProblemException.Validation("top", $"top must be between 1 and {MaxListed}.");
        }

        var messages = await outbox.ListAsync(to, orderId, max, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<OutboxListItem>>(messages
            .Select(m => new OutboxListItem(m.Id, m.To, m.Subject, m.Template, m.OrderId, m.SentAt, $"/api/dev/outbox/{m.Id}"))
            .ToList());
    }

    [Function("DevOutboxSamples")]
    [FunctionAccess(FunctionAuth.Development)]
    [EndpointSummary("Sends one realistic message of every template (and variant) to the outbox, addressed to 'to' (default dev@shop.example), to look at the templates.")]
    [Tags("Development")]
    [QueryParameter("to", "The address to send the samples to (default dev@shop.example).")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<IReadOnlyList<OutboxListItem>>> SendSamplesAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/outbox/samples")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var to = QueryValues.Text(request, "to");
        var outbox = RequireOutbox(services);
        EmailRecipient recipient;
        try
        {
            recipient = new EmailRecipient(string.IsNullOrWhiteSpace(to) ? "dev@shop.example" : to);
        }
        catch (ArgumentException ex)
        {
            throw ProblemException.Validation("to", ex.Message);
        }

        var sender = services.GetRequiredService<IEmailSender>();
        var batch = Guid.NewGuid().ToString("N");
        var ids = new List<string>();
        var index = 0;
        foreach (var model in EmailSamples.All())
        {
            ids.Add((await sender.SendAsync(recipient, model, $"sample:{batch}:{index++}", cancellationToken)).MessageId);
        }

        var listed = await outbox.ListAsync(recipient.Address, max: MaxListed, cancellationToken: cancellationToken);
        return TypedResults.Ok<IReadOnlyList<OutboxListItem>>(listed
            .Where(m => ids.Contains(m.Id))
            .Select(m => new OutboxListItem(m.Id, m.To, m.Subject, m.Template, m.OrderId, m.SentAt, $"/api/dev/outbox/{m.Id}"))
            .ToList());
    }

    [Function("DevOutboxMessage")]
    [FunctionAccess(FunctionAuth.Development)]
    [EndpointSummary("Shows one outbox message: its HTML (default), its plain text (?format=text) or all of it (?format=json).")]
    [Tags("Development")]
    [QueryParameter("format", "html (default), text or json.")]
    [ProducesResponseType<OutboxMessage>(StatusCodes.Status200OK, "application/json")]
    [AlsoProduces(StatusCodes.Status200OK, "text/html", "text/plain")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<IResult> GetOutboxMessageAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/outbox/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellationToken)
    {
        var format = QueryValues.Text(request, "format");
        var message = await RequireOutbox(services).GetAsync(id, cancellationToken)
            ?? throw ProblemException.NotFound($"No outbox message '{id}'.");
        return (format ?? "html").ToUpperInvariant() switch
        {
            "HTML" => TypedResults.Content(message.Html, "text/html; charset=utf-8"),
            "TEXT" => TypedResults.Content(message.Text, "text/plain; charset=utf-8"),
            "JSON" => TypedResults.Ok(message),
            _ => throw ProblemException.Validation("format", "format must be html, text or json."),
        };
    }

    [Function("DevPaymentLedger")]
    [FunctionAccess(FunctionAuth.Development)]
    [EndpointSummary("Shows an order's payments and ledger entries in the simulated gateway.")]
    [Tags("Development")]
    [QueryParameter("orderId", "The order (required).")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    public async Task<Ok<SimulatedPaymentView>> GetPaymentLedgerAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dev/payments")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var orderId = QueryValues.Text(request, "orderId");
        if (string.IsNullOrWhiteSpace(orderId))
        {
            throw ProblemException.Validation("orderId", "orderId is required.");
        }

        var ledger = RequireSimulatedGateway(services).Ledger;
        var payments = await ledger.GetPaymentsForOrderAsync(orderId, cancellationToken);
        var entries = await ledger.GetEntriesForOrderAsync(orderId, cancellationToken);
        return TypedResults.Ok(new SimulatedPaymentView(orderId, payments, entries));
    }

    [Function("DevPaymentCompleteAction")]
    [FunctionAccess(FunctionAuth.Development)]
    [EndpointSummary("Completes the customer's 3-D Secure step of a simulated payment (outcome=succeeded|failed) and raises the payment event, as Stripe's webhook would.")]
    [Tags("Development")]
    [QueryParameter("outcome", "succeeded (default) or failed.")]
    [ProducesProblem(StatusCodes.Status400BadRequest)]
    [ProducesProblem(StatusCodes.Status404NotFound)]
    [ProducesProblem(StatusCodes.Status409Conflict)]
    public async Task<Ok<PaymentEvent>> CompleteActionAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dev/payments/{paymentId}/complete-action")] HttpRequest request,
        string paymentId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        var outcome = QueryValues.Text(request, "outcome");
        var succeed = (outcome ?? "succeeded").ToUpperInvariant() switch
        {
            "SUCCEEDED" or "SUCCEED" or "SUCCESS" => true,
            "FAILED" or "FAIL" or "FAILURE" => false,
            _ => throw ProblemException.Validation("outcome", "outcome must be succeeded or failed."),
        };
        var gateway = RequireSimulatedGateway(services);
        try
        {
            return TypedResults.Ok(await gateway.CompleteActionAsync(paymentId, succeed, cancellationToken));
        }
        catch (KeyNotFoundException ex)
        {
            throw ProblemException.NotFound(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw ProblemException.Conflict(ex.Message);
        }
    }

    private static EmailOutbox RequireOutbox(IServiceProvider services) =>
        services.GetRequiredService<IOptions<SendGridOptions>>().Value.IsConfigured
            ? throw ProblemException.NotFound("The outbox is not in use: SendGrid__ApiKey is set, so email goes through SendGrid.")
            : services.GetRequiredService<EmailOutbox>();

    private static SimulatedPaymentGateway RequireSimulatedGateway(IServiceProvider services) =>
        services.GetRequiredService<IPaymentGateway>() as SimulatedPaymentGateway
            ?? throw ProblemException.NotFound("The simulated payment gateway is not in use: Stripe__SecretKey is set, so payments go through Stripe.");
}

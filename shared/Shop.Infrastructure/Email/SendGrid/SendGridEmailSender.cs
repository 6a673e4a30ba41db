using System.Net;
using Azure;
using Response = SendGrid.Response;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using Polly;
using Polly.Retry;
using SendGrid;
using SendGrid.Helpers.Mail;
using Shop.Domain.Email;

namespace Shop.Infrastructure.Email.SendGrid;

/// <summary>
/// The email port on SendGrid's v3 mail send (the SendGrid SDK). 429, 5xx and network failures are retried with
/// exponential back-off (Polly) that honours <c>Retry-After</c>; other 4xx answers are permanent failures carrying
/// SendGrid's error text. An idempotency key is recorded in <see cref="SentEmailStore"/> once SendGrid accepts the
/// message, so the same key never sends twice.
/// </summary>
public sealed class SendGridEmailSender : IEmailSender, IDisposable
{
    private readonly HttpClient _http;
    private readonly SendGridClient _client;
    private readonly EmailAddress _from;
    private readonly ResiliencePipeline<Response> _pipeline;
    private readonly EmailRenderer _renderer;
    private readonly SentEmailStore _sent;
    private readonly ILogger<SendGridEmailSender> _logger;

    public SendGridEmailSender(IOptions<SendGridOptions> options, EmailRenderer renderer, SentEmailStore sent, TimeProvider time, ILogger<SendGridEmailSender> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("SendGrid__ApiKey is not set: the SendGrid sender cannot be used.");
        }

        _http = new HttpClient { Timeout = settings.RequestTimeout };
        var clientOptions = new SendGridClientOptions { ApiKey = settings.ApiKey };
        if (!string.IsNullOrWhiteSpace(settings.Host))
        {
            clientOptions.Host = settings.Host.TrimEnd('/');
        }

        _client = new SendGridClient(_http, clientOptions);
        _from = new EmailAddress(settings.FromAddress, settings.FromName);
        _renderer = renderer;
        _sent = sent;
        _logger = logger;
        _pipeline = BuildPipeline(settings, time, logger);
    }

    public async Task<EmailSendResult> SendAsync(EmailRecipient recipient, EmailModel model, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var email = _renderer.Render(model);
        var template = email.Template.ToString();

        SentEmailReservation reservation;
        try
        {
            reservation = await _sent.ReserveAsync(idempotencyKey, template, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw new EmailTransientException($"The sent-email record could not be read: {ex.Message}", innerException: ex);
        }

        if (reservation.AlreadySentMessageId is { } sentId)
        {
            Log.AlreadySent(_logger, template, idempotencyKey, sentId);
            return new EmailSendResult(sentId, email.Template, AlreadySent: true);
        }

        if (reservation.InProgress)
        {
            throw new EmailTransientException($"Another send with idempotency key '{idempotencyKey}' is in progress.");
        }

        var message = MailHelper.CreateSingleEmail(_from, new EmailAddress(recipient.Address, recipient.Name), email.Subject, email.Text, email.Html);
        message.AddCustomArg("idempotency_key", idempotencyKey);
        message.AddCustomArg("template", template);
        if (email.OrderId is { } orderId)
        {
            message.AddCustomArg("order_id", orderId);
        }

        Response response;
        try
        {
            response = await _pipeline.ExecuteAsync(async ct => await _client.SendEmailAsync(message, ct), cancellationToken);
        }
        catch (HttpRequestException ex) when (NeverReachedSendGrid(ex))
        {
            await _sent.ReleaseAsync(reservation);
            Log.TransientFailure(_logger, template, EmailAddresses.Mask(recipient.Address), null, ex.Message);
            throw new EmailTransientException($"SendGrid could not be reached: {ex.Message}", innerException: ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The request may have reached SendGrid (a timeout, a connection lost mid-way): SendGrid has no idempotency
            // key, so sending again could deliver it twice. The key stays taken and the message is not sent again.
            await _sent.MarkUnknownAsync(reservation);
            Log.OutcomeUnknown(_logger, template, EmailAddresses.Mask(recipient.Address), idempotencyKey, ex.Message);
            throw new EmailPermanentException($"SendGrid's answer was lost ({ex.Message}); the message may have been sent and is not sent again.", innerException: ex);
        }
        catch
        {
            await _sent.ReleaseAsync(reservation);
            throw;
        }

        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            var messageId = response.Headers.TryGetValues("X-Message-Id", out var ids) ? ids.First() : "sendgrid-" + Outbox.EmailOutbox.IdFor(idempotencyKey);
            try
            {
                await _sent.MarkSentAsync(reservation, messageId, CancellationToken.None);
            }
            catch (RequestFailedException)
            {
                // Sent is sent: the lease expires and a retry could send again, the one duplicate this design allows.
            }

            Log.Sent(_logger, template, EmailAddresses.Mask(recipient.Address), email.OrderId, messageId);
            return new EmailSendResult(messageId, email.Template, AlreadySent: false);
        }

        await _sent.ReleaseAsync(reservation);
        var error = await ErrorTextAsync(response);
        if (IsTransient(response.StatusCode))
        {
            Log.TransientFailure(_logger, template, EmailAddresses.Mask(recipient.Address), status, error);
            throw new EmailTransientException($"SendGrid answered {status} after retries: {error}", status);
        }

        Log.PermanentFailure(_logger, template, EmailAddresses.Mask(recipient.Address), status, error);
        throw new EmailPermanentException($"SendGrid refused the message ({status}): {error}", status);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>True when the request never left: no connection or no name (the message cannot have been sent).</summary>
    private static bool NeverReachedSendGrid(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError;

    private static bool IsTransient(HttpStatusCode status) => status == HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>SendGrid's errors (<c>{"errors":[{"message":…,"field":…}]}</c>) as one line; the raw body when it is something else.</summary>
    private static async Task<string> ErrorTextAsync(Response response)
    {
        var body = response.Body is null ? string.Empty : await response.Body.ReadAsStringAsync();
        try
        {
            if (JToken.Parse(body)["errors"] is JArray errors && errors.Count > 0)
            {
                return string.Join("; ", errors.Select(e => e["field"] is { Type: JTokenType.String } field ? $"{field}: {e["message"]}" : (string?)e["message"]));
            }
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // Not JSON: report the body as it is.
        }

        return body.Length == 0 ? response.StatusCode.ToString() : body;
    }

    private static ResiliencePipeline<Response> BuildPipeline(SendGridOptions settings, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<Response> { TimeProvider = time };
        if (settings.MaxRetries == 0)
        {
            return builder.Build();
        }

        return builder.AddRetry(new RetryStrategyOptions<Response>
        {
            MaxRetryAttempts = settings.MaxRetries,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.RetryBaseDelay,
            MaxDelay = settings.MaxRetryDelay,
            // Only failures SendGrid never saw are sent again: an answer (429, 5xx) or no connection. A timeout is not:
            // the message may have been accepted.
            ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
            {
                { Exception: HttpRequestException e } => NeverReachedSendGrid(e),
                { Result: { } r } => IsTransient(r.StatusCode),
                _ => false,
            }),
            DelayGenerator = args =>
            {
                var retryAfter = args.Outcome.Result?.Headers?.RetryAfter;
                TimeSpan? delay = retryAfter switch
                {
                    { Delta: { } delta } => delta,
                    { Date: { } date } => date - time.GetUtcNow(),
                    _ => null,
                };
                return ValueTask.FromResult(delay is { } d ? TimeSpan.FromTicks(Math.Clamp(d.Ticks, 0, settings.MaxRetryDelay.Ticks)) : (TimeSpan?)null);
            },
            OnRetry = args =>
            {
                Log.Retrying(logger, args.Outcome.Result is { } r ? (int)r.StatusCode : null, args.AttemptNumber + 1, args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        }).Build();
    }
}

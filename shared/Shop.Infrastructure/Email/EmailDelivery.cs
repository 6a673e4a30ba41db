using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Hosting.Storage;

namespace Shop.Infrastructure.Email;

/// <summary>
/// Sends the emails of a workflow without putting the email provider on its critical path: a send that fails
/// transiently (SendGrid down, rate-limited) is queued for a later attempt (<see cref="EmailOptions.RetryQueue"/>,
/// the <c>RetryEmail</c> function) and the caller goes on; a refused one is logged. Only a failure to queue the
/// retry (storage) reaches the caller, whose own retry then sends or queues again. The idempotency key makes every
/// attempt, and a message delivered twice, send the email at most once.
/// </summary>
public sealed partial class EmailDelivery(IEmailSender sender, QueueSender queues, IOptions<EmailOptions> options, TimeProvider time, ILogger<EmailDelivery> logger)
{
    /// <summary>Sends now, or queues the send for later when the provider fails transiently.</summary>
    public async Task SendAsync(EmailRecipient recipient, EmailModel model, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await sender.SendAsync(recipient, model, idempotencyKey, cancellationToken);
        }
        catch (EmailException ex) when (ex.IsTransient)
        {
            await ScheduleAsync(new EmailRetry(recipient, model, idempotencyKey, 1, time.GetUtcNow()), ex, cancellationToken);
        }
        catch (EmailException ex)
        {
            Log.Refused(logger, ex, idempotencyKey);
        }
    }

    /// <summary>
    /// One queued attempt: sent, or queued again with a longer delay, until <see cref="EmailOptions.RetryFor"/> has
    /// passed since the first failure; then the message goes to the poison queue for ops.
    /// </summary>
    public async Task RetryAsync(EmailRetry retry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(retry);
        try
        {
            await sender.SendAsync(retry.Recipient, retry.Model, retry.IdempotencyKey, cancellationToken);
            Log.SentOnRetry(logger, retry.IdempotencyKey, retry.Attempt);
        }
        catch (EmailException ex) when (ex.IsTransient)
        {
            if (time.GetUtcNow() - retry.FirstFailedAt >= options.Value.RetryFor)
            {
                await queues.SendAsync(options.Value.RetryQueue + "-poison", retry.ToJson(), cancellationToken: cancellationToken);
                Log.GaveUp(logger, ex, retry.IdempotencyKey, retry.Attempt, options.Value.RetryQueue + "-poison");
                return;
            }

            await ScheduleAsync(retry with { Attempt = retry.Attempt + 1 }, ex, cancellationToken);
        }
        catch (EmailException ex)
        {
            Log.Refused(logger, ex, retry.IdempotencyKey);
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: doubling from the first delay, capped.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        var settings = options.Value;
        var doubled = settings.FirstRetryDelay.Ticks * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromTicks((long)Math.Min(doubled, settings.MaxRetryDelay.Ticks));
    }

    private async Task ScheduleAsync(EmailRetry retry, EmailException failure, CancellationToken cancellationToken)
    {
        var delay = DelayAfter(retry.Attempt);
        await queues.SendAsync(options.Value.RetryQueue, retry.ToJson(), delay, cancellationToken: cancellationToken);
        Log.Deferred(logger, failure, retry.IdempotencyKey, retry.Attempt, delay);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5120, Level = LogLevel.Warning, Message = "Email {IdempotencyKey} failed transiently; attempt {Attempt} queued to run in {Delay}")]
        public static partial void Deferred(ILogger logger, Exception exception, string idempotencyKey, int attempt, TimeSpan delay);

        [LoggerMessage(EventId = 5121, Level = LogLevel.Information, Message = "Email {IdempotencyKey} handled on queued attempt {Attempt}")]
        public static partial void SentOnRetry(ILogger logger, string idempotencyKey, int attempt);

        [LoggerMessage(EventId = 5122, Level = LogLevel.Error, Message = "Email {IdempotencyKey} still failing after attempt {Attempt}; moved to {PoisonQueue}")]
        public static partial void GaveUp(ILogger logger, Exception exception, string idempotencyKey, int attempt, string poisonQueue);

        [LoggerMessage(EventId = 5123, Level = LogLevel.Error, Message = "Email {IdempotencyKey} refused permanently")]
        public static partial void Refused(ILogger logger, Exception exception, string idempotencyKey);
    }
}

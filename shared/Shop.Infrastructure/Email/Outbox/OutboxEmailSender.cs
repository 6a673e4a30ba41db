using Azure;
using Microsoft.Extensions.Logging;
using Shop.Domain.Email;

namespace Shop.Infrastructure.Email.Outbox;

/// <summary>The embedded email sender, active when no SendGrid key is set: messages are rendered and kept in the <see cref="EmailOutbox"/>.</summary>
public sealed class OutboxEmailSender(EmailRenderer renderer, EmailOutbox outbox, TimeProvider time, ILogger<OutboxEmailSender> logger) : IEmailSender
{
    public async Task<EmailSendResult> SendAsync(EmailRecipient recipient, EmailModel model, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipient);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        var email = renderer.Render(model);
        try
        {
            var (message, added) = await outbox.AddAsync(recipient, email, idempotencyKey, time.GetUtcNow(), cancellationToken);
            if (added)
            {
                Log.Sent(logger, email.Template.ToString(), EmailAddresses.Mask(recipient.Address), email.OrderId, message.Id);
            }
            else
            {
                Log.AlreadySent(logger, email.Template.ToString(), idempotencyKey, message.Id);
            }

            return new EmailSendResult(message.Id, message.Template, AlreadySent: !added);
        }
        catch (RequestFailedException ex)
        {
            throw new EmailTransientException($"The outbox could not store the message: {ex.Message}", ex.Status, ex);
        }
    }
}

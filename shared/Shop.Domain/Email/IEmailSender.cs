namespace Shop.Domain.Email;

/// <summary>
/// The email port. The model's type chooses the template (<see cref="EmailModel.Template"/>); the message is rendered
/// (HTML and plain text) and sent once per <paramref name="idempotencyKey"/>: a second send with the same key is a
/// no-op that returns the first result with <see cref="EmailSendResult.AlreadySent"/> set.
/// </summary>
/// <remarks>
/// Failures throw <see cref="EmailTransientException"/> (retry later with the same key) or
/// <see cref="EmailPermanentException"/> (the provider refused the message or the credentials).
/// A model with a missing value throws <see cref="EmailRenderException"/> before anything is sent.
/// </remarks>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailRecipient recipient, EmailModel model, string idempotencyKey, CancellationToken cancellationToken = default);
}

namespace Shop.Domain.Email;

/// <summary>
/// A message accepted for delivery. <see cref="MessageId"/> is the outbox id or the provider's message id;
/// <see cref="AlreadySent"/> is true when the idempotency key had been used and nothing new was sent.
/// </summary>
public sealed record EmailSendResult(string MessageId, EmailTemplate Template, bool AlreadySent);

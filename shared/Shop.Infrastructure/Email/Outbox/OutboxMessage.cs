using Shop.Domain.Email;

namespace Shop.Infrastructure.Email.Outbox;

/// <summary>A message kept in the outbox instead of being sent.</summary>
public sealed record OutboxMessage(
    string Id,
    string To,
    string? ToName,
    string Subject,
    string Html,
    string Text,
    EmailTemplate Template,
    string? OrderId,
    DateTimeOffset SentAt,
    string IdempotencyKey);

using Shop.Domain.Email;

namespace Shop.Infrastructure.Email.Outbox;

/// <summary>An outbox message without its bodies, for listings.</summary>
public sealed record OutboxMessageSummary(string Id, string To, string Subject, EmailTemplate Template, string? OrderId, DateTimeOffset SentAt);

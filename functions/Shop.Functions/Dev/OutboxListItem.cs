using Shop.Domain.Email;

namespace Shop.Functions.Dev;

/// <summary>One outbox message in a listing; <see cref="Href"/> renders its HTML.</summary>
public sealed record OutboxListItem(string Id, string To, string Subject, EmailTemplate Template, string? OrderId, DateTimeOffset SentAt, string Href);

namespace Shop.Domain.Email;

/// <summary>A filled template: what goes on the wire.</summary>
public sealed record RenderedEmail(EmailTemplate Template, string Subject, string Html, string Text, string? OrderId);

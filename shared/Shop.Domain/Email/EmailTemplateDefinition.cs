namespace Shop.Domain.Email;

/// <summary>
/// One template: a subject, an HTML body and a plain-text body in the renderer's small syntax —
/// <c>{{Path}}</c> a value (HTML-encoded in the HTML body; null or blank fails),
/// <c>{{#if Path}}…{{else}}…{{/if}}</c> an optional section, <c>{{#each Path}}…{{/each}}</c> a list
/// (inside, <c>{{this}}</c> is the item and names resolve on the item first).
/// </summary>
public sealed record EmailTemplateDefinition(EmailTemplate Template, Type ModelType, string Subject, string Html, string Text);

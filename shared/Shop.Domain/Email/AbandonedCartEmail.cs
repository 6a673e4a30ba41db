using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>A reminder about a cart left without checkout. <see cref="CustomerName"/> may be unknown.</summary>
public sealed record AbandonedCartEmail(
    string CartId,
    string? CustomerName,
    IReadOnlyList<EmailOrderLine> Lines,
    Money Subtotal,
    Uri CartUrl) : EmailModel
{
    protected override EmailTemplate TemplateCore => EmailTemplate.AbandonedCart;

    /// <summary>The signed link that takes the customer off marketing email (every marketing email carries one).</summary>
    public Uri? UnsubscribeUrl { get; init; }
}

using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>The card was declined or authentication failed; nothing was charged.</summary>
public sealed record PaymentFailedEmail(
    string OrderId,
    string CustomerName,
    Money Total,
    string Reason,
    Uri? RetryUrl) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.PaymentFailed;
}

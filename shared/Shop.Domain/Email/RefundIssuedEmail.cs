using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>Money is on its way back to the customer's card.</summary>
public sealed record RefundIssuedEmail(
    string OrderId,
    string CustomerName,
    Money Amount,
    string Reason,
    string RefundReference) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.RefundIssued;
}

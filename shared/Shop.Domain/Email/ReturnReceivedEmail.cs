using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>The warehouse received a return; the refund follows within <see cref="RefundWithinBusinessDays"/>.</summary>
public sealed record ReturnReceivedEmail(
    string OrderId,
    string CustomerName,
    string ReturnId,
    IReadOnlyList<EmailOrderLine> Lines,
    Money ExpectedRefund,
    int RefundWithinBusinessDays) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.ReturnReceived;
}

using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>The order was cancelled before shipment; the card hold of <see cref="Total"/> is released.</summary>
public sealed record OrderCancelledEmail(
    string OrderId,
    string CustomerName,
    string Reason,
    Money Total) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.OrderCancelled;
}

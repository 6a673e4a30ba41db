using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>The order is placed, stock is held and the payment authorized.</summary>
public sealed record OrderConfirmedEmail(
    string OrderId,
    string CustomerName,
    IReadOnlyList<EmailOrderLine> Lines,
    Money Subtotal,
    Money Shipping,
    Money Tax,
    Money Total,
    string ShippingAddress,
    Uri OrderStatusUrl) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.OrderConfirmed;
}

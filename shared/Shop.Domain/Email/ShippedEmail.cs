using Shop.Domain.Common;

namespace Shop.Domain.Email;

/// <summary>The parcel left the warehouse; the payment was captured.</summary>
public sealed record ShippedEmail(
    string OrderId,
    string CustomerName,
    string Carrier,
    string TrackingNumber,
    Uri TrackingUrl,
    DateOnly? EstimatedDelivery,
    IReadOnlyList<EmailOrderLine> Lines,
    Money AmountCharged) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.Shipped;
}

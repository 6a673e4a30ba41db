namespace Shop.Domain.Email;

/// <summary>The carrier is delivering today.</summary>
public sealed record OutForDeliveryEmail(
    string OrderId,
    string CustomerName,
    string Carrier,
    string TrackingNumber,
    Uri TrackingUrl) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.OutForDelivery;
}

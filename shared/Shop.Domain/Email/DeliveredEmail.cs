namespace Shop.Domain.Email;

/// <summary>The carrier reports the parcel delivered.</summary>
public sealed record DeliveredEmail(
    string OrderId,
    string CustomerName,
    string Carrier,
    DateTimeOffset DeliveredAt,
    Uri ReturnsUrl) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.Delivered;
}

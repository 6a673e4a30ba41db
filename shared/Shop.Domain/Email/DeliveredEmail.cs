namespace Shop.Domain.Email;

/// <summary>The carrier reports the parcel delivered.</summary>
public sealed record DeliveredEmail(
    string OrderId,
    string CustomerName,
    string Carrier,
    DateTimeOffset DeliveredAt,
    Uri ReturnsUrl) : OrderEmailModel(OrderId, CustomerName)
{
    public override EmailTemplate Template => EmailTemplate.Delivered;
}

namespace Shop.Domain.Email;

/// <summary>A proactive notice: the order is late (not shipped within the promise, or the carrier reports a delay).</summary>
public sealed record ShipmentDelayedEmail(
    string OrderId,
    string CustomerName,
    string Reason,
    DateOnly? NewEstimatedDelivery,
    Uri OrderStatusUrl) : OrderEmailModel(OrderId, CustomerName)
{
    protected override EmailTemplate TemplateCore => EmailTemplate.ShipmentDelayed;
}

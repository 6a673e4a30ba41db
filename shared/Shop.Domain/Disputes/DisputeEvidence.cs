namespace Shop.Domain.Disputes;

/// <summary>
/// What the shop shows the bank: the order, who bought it and where it went, the shipment and its delivery, and the
/// emails the customer was sent about it.
/// </summary>
public sealed record DisputeEvidence(
    string OrderId,
    string CustomerName,
    string CustomerEmail,
    string ShippingAddress,
    string ProductDescription,
    string? Carrier,
    string? TrackingNumber,
    DateTimeOffset? ShippedAt,
    DateTimeOffset? DeliveredAt,
    IReadOnlyList<string> CustomerEmailsSent);

namespace Shop.Functions.Orders;

/// <summary>The warehouse's shipment of an order.</summary>
public sealed record ShipmentRequest(string? Carrier, string? TrackingNumber);

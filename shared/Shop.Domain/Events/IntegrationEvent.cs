using System.Text.Json.Nodes;

namespace Shop.Domain.Events;

/// <summary>
/// A fact other systems may act on, published as a CloudEvent. <see cref="Id"/> is stable: the same fact published
/// twice (a retried step) carries the same id, so subscribers and Service Bus duplicate detection drop the copy.
/// </summary>
public sealed record IntegrationEvent(string Id, string Type, string Subject, DateTimeOffset Time, JsonObject Data)
{
    public const string OrderPlaced = "shop.order.placed";
    public const string OrderConfirmed = "shop.order.confirmed";
    public const string OrderShipped = "shop.order.shipped";
    public const string OrderDelivered = "shop.order.delivered";
    public const string OrderCancelled = "shop.order.cancelled";
    public const string OrderReturned = "shop.order.returned";
    public const string StockReorderPointReached = "shop.stock.reorder_point_reached";

    /// <summary>An event about order <paramref name="orderId"/>; its id is the order and the type (one of each per order).</summary>
    public static IntegrationEvent ForOrder(string type, string orderId, DateTimeOffset time, JsonObject data) =>
        new($"{orderId}/{type}", type, $"orders/{orderId}", time, data);
}

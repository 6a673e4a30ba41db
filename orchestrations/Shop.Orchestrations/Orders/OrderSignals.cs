using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Shop.Domain.Events;
using Shop.Domain.Orders;
using Shop.Infrastructure.Metrics;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// What the order steps tell the rest of the world as an order moves: an integration event (stable id: the order and
/// the event type) and the fact the weekly metrics roll up. Both are idempotent, so a retried step repeats them safely.
/// </summary>
public sealed class OrderSignals(IIntegrationEvents events, MetricStore metrics, IOptions<OrderWorkflowOptions> workflow, TimeProvider time)
{
    /// <summary>The order placed, and its cart checked out (the weekly cart abandonment matches carts with this fact).</summary>
    public Task PlacedAsync(Order order, CancellationToken cancellationToken = default) => Task.WhenAll(
        SignalAsync(order, IntegrationEvent.OrderPlaced, order.PlacedAt, new MetricFact(MetricFacts.Placed, order.Id, order.PlacedAt, []), cancellationToken),
        metrics.RecordAsync(new MetricFact(MetricFacts.CartCheckedOut, order.CartId, order.PlacedAt, new JsonObject { ["orderId"] = order.Id }), cancellationToken: cancellationToken));

    public Task ConfirmedAsync(Order order, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return SignalAsync(order, IntegrationEvent.OrderConfirmed, now, new MetricFact(MetricFacts.Confirmed, order.Id, now, new JsonObject
        {
            ["totalMinor"] = order.Totals.Total.MinorUnits,
            ["currency"] = order.Totals.Total.Currency,
            ["customer"] = MetricStore.CustomerKey(order.Email),
        }), cancellationToken);
    }

    public Task PaymentFailedAsync(Order order, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        return metrics.RecordAsync(new MetricFact(MetricFacts.PaymentFailed, order.Id, now, []), cancellationToken: cancellationToken);
    }

    public Task ShippedAsync(Order order, CancellationToken cancellationToken = default)
    {
        var shippedAt = order.Timeline.LastOrDefault(e => e.Step == "shipped")?.At ?? time.GetUtcNow();
        var cycle = shippedAt - order.PlacedAt;
        var lines = new JsonObject();
        foreach (var group in order.Lines.GroupBy(l => l.Sku))
        {
            lines[group.Key] = group.Sum(l => l.Quantity);
        }

        return SignalAsync(order, IntegrationEvent.OrderShipped, shippedAt, new MetricFact(MetricFacts.Shipped, order.Id, shippedAt, new JsonObject
        {
            ["cycleSeconds"] = (long)cycle.TotalSeconds,
            ["withinSla"] = cycle <= workflow.Value.ShipmentSla,
            ["lines"] = lines,
        }), cancellationToken);
    }

    public Task DeliveredAsync(Order order, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        events.PublishAsync(IntegrationEvent.ForOrder(IntegrationEvent.OrderDelivered, order.Id, at, Data(order)), cancellationToken);

    public Task CancelledAsync(Order order, CancellationToken cancellationToken = default) =>
        events.PublishAsync(IntegrationEvent.ForOrder(IntegrationEvent.OrderCancelled, order.Id, time.GetUtcNow(), Data(order)), cancellationToken);

    /// <summary>A return requested: one fact per returned SKU (units and reason) for the weekly return rate by product and reason.</summary>
    public Task ReturnRequestedAsync(Shop.Domain.Returns.ReturnRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = Shop.Domain.Returns.ReturnReasons.Name(request.Reason);
        return Task.WhenAll(request.Lines.GroupBy(l => l.Sku).Select(g => metrics.RecordAsync(
            new MetricFact(MetricFacts.Returned, $"{request.Id}|{g.Key}", request.RequestedAt, new JsonObject
            {
                ["sku"] = g.Key,
                ["units"] = g.Sum(l => l.Quantity),
                ["reason"] = reason,
                ["orderId"] = request.OrderId,
            }),
            cancellationToken: cancellationToken)));
    }

    /// <summary>A return refunded: the order's <c>returned</c> event (one per return: its id names the return).</summary>
    public Task ReturnedAsync(Order order, Shop.Domain.Returns.ReturnRequest request, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var data = Data(order);
        data["returnId"] = request.Id;
        data["returnedLines"] = new JsonArray(request.Lines.Select(l => (JsonNode?)new JsonObject { ["sku"] = l.Sku, ["quantity"] = l.Quantity }).ToArray());
        data["refund"] = request.Refund is { } refund ? new JsonObject { ["amountMinor"] = refund.Amount.MinorUnits, ["currency"] = refund.Amount.Currency } : null;
        return events.PublishAsync(
            new IntegrationEvent($"{order.Id}/{IntegrationEvent.OrderReturned}/{request.Id}", IntegrationEvent.OrderReturned, $"orders/{order.Id}", at, data),
            cancellationToken);
    }

    /// <summary>The fact and the event at once: they are independent, and the order's step waits for both.</summary>
    private Task SignalAsync(Order order, string type, DateTimeOffset at, MetricFact fact, CancellationToken cancellationToken) => Task.WhenAll(
        metrics.RecordAsync(fact, cancellationToken: cancellationToken),
        events.PublishAsync(IntegrationEvent.ForOrder(type, order.Id, at, Data(order)), cancellationToken));

    /// <summary>The event's data: the order's id, status, total and lines (no personal data: subscribers read the order by id).</summary>
    public static JsonObject Data(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var lines = new JsonArray();
        foreach (var line in order.Lines)
        {
            lines.Add(new JsonObject { ["sku"] = line.Sku, ["quantity"] = line.Quantity });
        }

        return new JsonObject
        {
            ["orderId"] = order.Id,
            ["status"] = System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(order.Status.ToString()),
            ["total"] = new JsonObject { ["amountMinor"] = order.Totals.Total.MinorUnits, ["currency"] = order.Totals.Total.Currency },
            ["lines"] = lines,
        };
    }
}

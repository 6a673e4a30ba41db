using Shop.Domain.Common;
using Shop.Domain.Orders;

namespace Shop.Infrastructure.Orders;

/// <summary>The stored shape of an order's nested parts (JSON in one entity; the storage model, not the API model).</summary>
internal static class OrderRecord
{
    public sealed record Line(string Sku, string Name, int Quantity, long UnitPriceMinor);

    public sealed record Event(string Step, DateTimeOffset At, string? Detail);

    public static Line[] ToLines(Order order) =>
        order.Lines.Select(l => new Line(l.Sku, l.Name, l.Quantity, l.UnitPrice.MinorUnits)).ToArray();

    public static IEnumerable<OrderLine> FromLines(IEnumerable<Line> lines, string currency) =>
        lines.Select(l => new OrderLine(l.Sku, l.Name, l.Quantity, Money.FromMinorUnits(l.UnitPriceMinor, currency)));

    public static Event[] ToEvents(Order order) => order.Timeline.Select(e => new Event(e.Step, e.At, e.Detail)).ToArray();

    public static IEnumerable<OrderEvent> FromEvents(IEnumerable<Event> events) => events.Select(e => new OrderEvent(e.Step, e.At, e.Detail));
}

namespace Shop.Domain.Fulfillment;

/// <summary>What the warehouse must pick and ship for one order.</summary>
public sealed record PickList(
    string OrderId,
    string Status,
    DateTimeOffset CreatedAt,
    string ShipTo,
    IReadOnlyList<PickListLine> Lines,
    string? Carrier,
    string? TrackingNumber);

/// <summary>One line of a pick list.</summary>
public sealed record PickListLine(string Sku, string Name, int Quantity);

/// <summary>Pick-list statuses.</summary>
public static class PickListStatus
{
    public const string Pending = "pending";
    public const string Picking = "picking";
    public const string Shipped = "shipped";
    public const string Cancelled = "cancelled";

    public static bool IsKnown(string? status) => status is Pending or Picking or Shipped or Cancelled;
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Shop.Orchestrations.Orders;

/// <summary>What a carrier reports about a shipment (the carrier webhook's <c>status</c>, in snake case).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CarrierStatus>))]
public enum CarrierStatus
{
    OutForDelivery,
    Delayed,
    Exception,
    Delivered,
}

/// <summary>The carrier webhook's spelling of <see cref="CarrierStatus"/>.</summary>
public static class CarrierStatuses
{
    /// <summary>Every status as the webhook spells it (<c>out_for_delivery</c>, ...).</summary>
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<CarrierStatus>().Select(Name).ToArray();

    public static string Name(CarrierStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    /// <summary>The status named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static CarrierStatus? Parse(string? name) =>
        Enum.GetValues<CarrierStatus>().Cast<CarrierStatus?>().FirstOrDefault(s => string.Equals(Name(s!.Value), name, StringComparison.OrdinalIgnoreCase));
}

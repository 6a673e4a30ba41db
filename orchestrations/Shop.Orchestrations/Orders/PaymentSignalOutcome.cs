using System.Text.Json.Serialization;

namespace Shop.Orchestrations.Orders;

/// <summary>How a payment that waited for the customer ended (reported by the gateway's events).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentSignalOutcome>))]
public enum PaymentSignalOutcome
{
    Succeeded,
    Failed,
}

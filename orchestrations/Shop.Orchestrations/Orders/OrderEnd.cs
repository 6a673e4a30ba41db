using System.Text.Json.Serialization;

namespace Shop.Orchestrations.Orders;

/// <summary>How an order's workflow ended: its output.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OrderEnd>))]
public enum OrderEnd
{
    /// <summary>Validation or the stock hold refused it.</summary>
    Rejected,

    /// <summary>The payment was declined, failed or not completed in time.</summary>
    PaymentFailed,

    /// <summary>Cancelled by the customer, or at the shipment hard limit.</summary>
    Cancelled,

    /// <summary>Shipped, and no delivery was reported within the delivery timeout (ops were alerted).</summary>
    Shipped,

    Delivered,
}

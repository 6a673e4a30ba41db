namespace Shop.Domain.Orders;

/// <summary>Where an order is. Terminal: Rejected, PaymentFailed, Cancelled, Delivered.</summary>
public enum OrderStatus
{
    /// <summary>Accepted at checkout; validation, stock hold and payment are under way.</summary>
    Placed,

    /// <summary>Refused at validation or stock hold (nothing charged, nothing held).</summary>
    Rejected,

    /// <summary>The payment was declined, needed an action that never came, or failed for good.</summary>
    PaymentFailed,

    /// <summary>Stock held and payment authorized; waiting for the warehouse.</summary>
    Confirmed,

    /// <summary>The warehouse took the pick list and is packing the order: it can no longer be cancelled.</summary>
    Picking,

    /// <summary>Handed to the carrier; payment captured.</summary>
    Shipped,

    /// <summary>The carrier reports it is out for delivery.</summary>
    OutForDelivery,

    /// <summary>Delivered: the order is complete.</summary>
    Delivered,

    /// <summary>Cancelled before shipment: holds released, authorization voided.</summary>
    Cancelled,
}

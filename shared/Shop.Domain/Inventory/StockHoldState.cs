namespace Shop.Domain.Inventory;

/// <summary>
/// Where an order's hold is in its life, as recorded once its lines are taken: Held → (Releasing → Released | Converting →
/// Converted), or Failed; Released also for an order released before any hold was recorded.
/// </summary>
public enum StockHoldState
{
    /// <summary>Every line is held.</summary>
    Held,

    /// <summary>Refused for lack of stock; nothing is held. The order may try again.</summary>
    Failed,

    Releasing,

    /// <summary>Given back (order failed, cancelled or expired).</summary>
    Released,

    Converting,

    /// <summary>Sold: the units left the warehouse.</summary>
    Converted,
}

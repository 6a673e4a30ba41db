namespace Shop.Domain.Inventory;

/// <summary>Where an order's hold is in its life: Pending → Held → (Releasing → Released | Converting → Converted); Pending → Failed.</summary>
public enum StockHoldState
{
    /// <summary>Being taken (or its taker died; taking it again resumes).</summary>
    Pending,

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

namespace Shop.Domain.Inventory;

/// <summary>
/// The stock of one SKU. <see cref="OnHand"/> = <see cref="Available"/> + <see cref="Held"/>; nothing is ever
/// negative, a hold never exceeds what is available, and units sold never exceed units received
/// (<see cref="OnHand"/> = <see cref="Received"/> − <see cref="Sold"/>). Every method refuses a transition that
/// would break these rules and leaves the item unchanged.
/// </summary>
public sealed class StockItem
{
    public const int MaxQuantity = 1_000_000;
    public const int MaxLeadTimeDays = 365;

    private StockItem(string sku)
    {
        Sku = sku;
    }

    public string Sku { get; }

    /// <summary>Units in the warehouse (held or not).</summary>
    public int OnHand { get; private set; }

    /// <summary>Units held for orders that are not yet paid or shipped.</summary>
    public int Held { get; private set; }

    /// <summary>Units that can still be sold: on hand − held.</summary>
    public int Available => OnHand - Held;

    /// <summary>Below or at this many available units, the SKU should be reordered.</summary>
    public int ReorderPoint { get; private set; }

    /// <summary>Days the supplier needs to deliver a reorder.</summary>
    public int LeadTimeDays { get; private set; }

    /// <summary>Units ever received.</summary>
    public long Received { get; private set; }

    /// <summary>Units ever sold (converted holds).</summary>
    public long Sold { get; private set; }

    /// <summary>The last sale and the units sold on its day (null before the first sale): kept for sales velocity.</summary>
    public StockSales? Sales { get; private set; }

    /// <summary>True when what is available has fallen to the reorder point.</summary>
    public bool NeedsReorder => ReorderPoint > 0 && Available <= ReorderPoint;

    /// <summary>A SKU with no stock yet.</summary>
    public static StockItem Create(string sku, int reorderPoint = 0, int leadTimeDays = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        var item = new StockItem(sku);
        item.SetReorder(reorderPoint, leadTimeDays);
        return item;
    }

    /// <summary>Rebuilds a stored item; refuses figures that break the invariants.</summary>
    public static StockItem Restore(string sku, int onHand, int held, int reorderPoint, int leadTimeDays, long received, long sold, StockSales? sales = null)
    {
        var item = Create(sku, reorderPoint, leadTimeDays);
        if (onHand < 0 || held < 0 || held > onHand || received < 0 || sold < 0 || sold > received || onHand != received - sold)
        {
            throw new StockRuleException(
                $"Stored stock of '{sku}' breaks the invariants (on hand {onHand}, held {held}, received {received}, sold {sold}).");
        }

        item.OnHand = onHand;
        item.Held = held;
        item.Received = received;
        item.Sold = sold;
        item.Sales = sales is null || sales.SoldBeforeDay > sold ? null : sales;
        return item;
    }

    /// <summary>Stock arrived from a supplier.</summary>
    public void Receive(int quantity)
    {
        RequirePositive(quantity);
        if ((long)OnHand + quantity > int.MaxValue)
        {
            throw new StockRuleException($"Receiving {quantity} of '{Sku}' would overflow the on-hand count.");
        }

        OnHand += quantity;
        Received += quantity;
    }

    /// <summary>Reserves units for an order; refused when fewer are available.</summary>
    public void Hold(int quantity)
    {
        RequirePositive(quantity);
        if (quantity > Available)
        {
            throw new InsufficientStockException(Sku, quantity, Available);
        }

        Held += quantity;
    }

    /// <summary>Returns held units to what is available (order failed, cancelled or expired).</summary>
    public void Release(int quantity)
    {
        RequirePositive(quantity);
        if (quantity > Held)
        {
            throw new StockRuleException($"Cannot release {quantity} of '{Sku}': only {Held} held.");
        }

        Held -= quantity;
    }

    /// <summary>Held units were sold (<paramref name="at"/>, when known, dates the sale): they leave the warehouse.</summary>
    public void Convert(int quantity, DateTimeOffset? at = null)
    {
        RequirePositive(quantity);
        if (quantity > Held)
        {
            throw new StockRuleException($"Cannot sell {quantity} of '{Sku}': only {Held} held.");
        }

        var soldBefore = Sold;
        Held -= quantity;
        OnHand -= quantity;
        Sold += quantity;
        if (at is { } soldAt)
        {
            var day = DateOnly.FromDateTime(soldAt.UtcDateTime);
            Sales = new StockSales(soldAt, day, Sales?.Day == day ? Sales.SoldBeforeDay : soldBefore);
        }
    }

    /// <summary>Units sold on the day of the last sale (<see cref="Sales"/>).</summary>
    public long UnitsSoldOnSalesDay => Sales is null ? 0 : Sold - Sales.SoldBeforeDay;

    public void SetReorder(int reorderPoint, int leadTimeDays)
    {
        if (reorderPoint is < 0 or > MaxQuantity)
        {
            throw new ArgumentOutOfRangeException(nameof(reorderPoint), reorderPoint, $"The reorder point must be 0 to {MaxQuantity}.");
        }

        if (leadTimeDays is < 0 or > MaxLeadTimeDays)
        {
            throw new ArgumentOutOfRangeException(nameof(leadTimeDays), leadTimeDays, $"The lead time must be 0 to {MaxLeadTimeDays} days.");
        }

        ReorderPoint = reorderPoint;
        LeadTimeDays = leadTimeDays;
    }

    /// <summary>How the storefront describes the stock: out when nothing is available, low at or below <paramref name="lowThreshold"/>.</summary>
    public StockAvailability AvailabilityFor(int lowThreshold) =>
        Available <= 0 ? StockAvailability.Out
        : Available <= lowThreshold ? StockAvailability.Low
        : StockAvailability.InStock;

    private static void RequirePositive(int quantity)
    {
        if (quantity is <= 0 or > MaxQuantity)
        {
            throw new ArgumentOutOfRangeException(nameof(quantity), quantity, $"A stock quantity must be 1 to {MaxQuantity}.");
        }
    }
}

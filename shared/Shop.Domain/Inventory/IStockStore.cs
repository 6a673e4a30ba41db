namespace Shop.Domain.Inventory;

/// <summary>
/// Stock per SKU with ETag-guarded updates, and holds for orders. Holds are all-or-nothing across an order's lines,
/// idempotent per order id (a retry after a crash resumes, never holds twice), and end exactly once, either
/// released (units back to available) or converted (units sold). Invariants, under any concurrency:
/// on hand = available + held, nothing negative, units sold ≤ units received.
/// </summary>
public interface IStockStore
{
    /// <summary>The stock of a SKU, or null when none was ever recorded.</summary>
    Task<StockItem?> GetAsync(string sku, CancellationToken cancellationToken = default);

    /// <summary>The stock of each of <paramref name="skus"/> that has any, by SKU (point reads).</summary>
    Task<IReadOnlyDictionary<string, StockItem>> GetManyAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stock levels to show shoppers (catalog, product and cart availability), by SKU. This process's own changes
    /// show at once; a change made by another process may take a few seconds (the display cache) to show. Holds and
    /// sales never use it: they read and write the item itself.
    /// </summary>
    Task<IReadOnlyDictionary<string, StockItem>> GetLevelsAsync(IEnumerable<string> skus, CancellationToken cancellationToken = default);

    /// <summary>Records a receipt of <paramref name="quantity"/> units (the item is created if needed).</summary>
    Task<StockItem> ReceiveAsync(string sku, int quantity, string? note = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Puts <paramref name="quantity"/> returned units back on hand (and available), once per <paramref name="restockId"/>:
    /// calling it again with the same id changes nothing (a retried step). Counted as received, so units sold never
    /// exceed units received and on hand stays received − sold.
    /// </summary>
    Task<StockItem> RestockAsync(string sku, int quantity, string restockId, CancellationToken cancellationToken = default);

    /// <summary>Changes the reorder point and lead time (the item is created if needed).</summary>
    /// <summary>The units of <paramref name="sku"/> sold per UTC day from <paramref name="from"/> to <paramref name="to"/> (days without sales are left out).</summary>
    Task<IReadOnlyList<DailySales>> GetDailySalesAsync(string sku, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<StockItem> SetReorderAsync(string sku, int reorderPoint, int leadTimeDays, CancellationToken cancellationToken = default);

    /// <summary>Creates the item with <paramref name="onHand"/> units unless it exists (seeding); true when created.</summary>
    Task<bool> InitializeAsync(string sku, int onHand, int reorderPoint, int leadTimeDays, CancellationToken cancellationToken = default);

    /// <summary>
    /// Holds every line for <paramref name="orderId"/> until <paramref name="expiresAt"/>, or none of them. Calling it again for
    /// an order already held returns success without holding twice. Throws <see cref="StockRuleException"/> when the order's
    /// hold was already released or converted, or is held with other lines.
    /// </summary>
    Task<StockHoldResult> TryHoldAsync(string orderId, IReadOnlyList<StockHoldLine> lines, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Gives the order's held units back. False when the order has no hold; idempotent; throws <see cref="StockRuleException"/> when it was converted.</summary>
    Task<bool> ReleaseAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>Sells the order's held units. False when the order has no hold; idempotent; throws <see cref="StockRuleException"/> when it was released or is incomplete.</summary>
    Task<bool> ConvertAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>The order's hold, or null.</summary>
    Task<StockHold?> GetHoldAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Releases every hold still held past its expiry, and lines whose hold was never recorded (a sweep for a timer; it
    /// reads the holds due, not every hold). Returns how many holds and lines it gave back.
    /// </summary>
    Task<int> ReleaseExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>
    /// Recomputes the held quantity of every SKU that has held stock (or had in the last hour) from its live holds,
    /// corrects any difference (when the holds fit in what is on hand) and returns what differed, for an ops alert.
    /// </summary>
    Task<IReadOnlyList<StockDrift>> RepairHeldDriftAsync(CancellationToken cancellationToken = default);
}

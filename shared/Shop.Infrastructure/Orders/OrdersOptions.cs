using System.ComponentModel.DataAnnotations;

namespace Shop.Infrastructure.Orders;

/// <summary>Order storage (settings section <c>OrderStore</c>).</summary>
public sealed class OrdersOptions
{
    public const string Section = "OrderStore";

    /// <summary>The orders table (default <c>orders</c>).</summary>
    [Required]
    [RegularExpression(TableNames.Pattern)]
    public string OrdersTable { get; set; } = "orders";

    /// <summary>
    /// How many orders' latest versions each process keeps in memory for their workflows' steps (default 10000,
    /// about 2 KB each); the least recently used go first.
    /// </summary>
    [Range(100, 1_000_000)]
    public int CachedOrders { get; set; } = 10_000;

    /// <summary>
    /// How old this instance's copy of an order may be when a customer's status poll is answered from it (default 1 s;
    /// 0: always read). The instance's own changes show at once; admin views always read.
    /// </summary>
    [Range(0, 60)]
    public double ViewCacheSeconds { get; set; } = 1;
}

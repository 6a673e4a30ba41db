namespace Shop.Domain.Orders;

/// <summary>Where orders are kept. Ids are checked for shape before any storage call.</summary>
public interface IOrderStore
{
    /// <summary>The order, or null when no order has this id.</summary>
    Task<Order?> GetAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The order as this process last stored or read it, else from storage (after a <see cref="CreateAsync"/> of it
    /// still under way in this process, which the checkout runs while it starts the workflow): for the order's one writer, its workflow,
    /// whose next <see cref="SaveAsync"/> is conditional on that version. A copy made stale by another process makes
    /// that save fail (a transient storage error, so the step is retried with a fresh read); it never overwrites.
    /// Views read with <see cref="GetAsync"/>.
    /// </summary>
    Task<Order?> GetLatestAsync(string orderId, CancellationToken cancellationToken = default);

    /// <summary>
    /// For the customer's view (which storefronts poll): the order as this process last stored or read it, when that
    /// was at most <paramref name="maxAge"/> ago, else from storage. This process's own changes show at once; a change
    /// made by another process shows within <paramref name="maxAge"/>.
    /// </summary>
    Task<Order?> GetRecentAsync(string orderId, TimeSpan maxAge, CancellationToken cancellationToken = default);

    /// <summary>
    /// Completes the next time this process stores or reads a version of the order (a status request that waits for a
    /// change uses it instead of polling); cancel it to stop waiting. Another process's changes do not complete it.
    /// </summary>
    Task WhenSeenAgainAsync(string orderId, CancellationToken cancellationToken);

    /// <summary>Stores a new order; storing the same order id again is a no-op (checkout retries).</summary>
    Task CreateAsync(Order order, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves the order's current state, conditional on the version this process last saw of it (see
    /// <see cref="GetLatestAsync"/>).
    /// </summary>
    Task SaveAsync(Order order, CancellationToken cancellationToken = default);

    /// <summary>Orders placed between two days (inclusive), optionally in one status.</summary>
    Task<OrderPage> ListAsync(OrderStatus? status, DateOnly from, DateOnly to, int pageSize, string? continuationToken, CancellationToken cancellationToken = default);

    /// <summary>
    /// For the orders-per-hour fraud rule: records that <paramref name="orderId"/> was placed by <paramref name="email"/>
    /// at <paramref name="placedAt"/> and returns how many of the email's other orders were placed in the
    /// <paramref name="window"/> before it or since. Recording the same order again changes nothing and returns the same
    /// count (a retried step); concurrent orders of one email are recorded one after the other, so each one counts the
    /// orders recorded before it.
    /// </summary>
    Task<int> RecordPlacementByEmailAsync(string email, string orderId, DateTimeOffset placedAt, TimeSpan window, CancellationToken cancellationToken = default);
}

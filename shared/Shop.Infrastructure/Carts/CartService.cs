using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;
using Shop.Domain.Inventory;
using Shop.Domain.Pricing;
using Shop.Infrastructure.Catalog;
using Shop.Infrastructure.Metrics;

namespace Shop.Infrastructure.Carts;

/// <summary>
/// The cart use cases. Each change reads the cart, applies one domain transition and writes it back conditional on
/// the ETag it read. With <c>expectedETags</c> (an HTTP <c>If-Match</c>), a cart that changed since is refused with
/// <see cref="CartVersionMismatchException"/>; without, a lost race is retried on the fresh cart, so concurrent
/// changes never lose each other's lines.
/// Abandoned-cart reminders ride on the changes at no storage cost to ordinary ones: the change that first makes a cart
/// remindable (an email and a line) starts them and marks the cart in the same write; the change that empties or checks
/// out a cart whose reminders started stops them.
/// </summary>
public sealed class CartService(
    ICartStore carts,
    IProductStore products,
    IStockStore stock,
    PriceCalculator pricing,
    ICartReminders reminders,
    IOptions<CartOptions> cartOptions,
    IOptions<CatalogOptions> catalogOptions,
    MetricStore metrics,
    TimeProvider time)
{
    private readonly CartOptions _options = cartOptions.Value;

    public async Task<StoredCart> CreateAsync(CancellationToken cancellationToken = default)
    {
        var cart = Cart.Create(CartIds.New(), time.GetUtcNow(), TimeSpan.FromDays(_options.ExpiryDays));
        var eTag = await carts.CreateAsync(cart, cancellationToken);
        return new StoredCart(cart, eTag);
    }

    /// <summary>The cart, or <see cref="CartNotFoundException"/>.</summary>
    public async Task<StoredCart> GetAsync(string cartId, CancellationToken cancellationToken = default) =>
        await carts.GetAsync(cartId, cancellationToken) ?? throw NotFound(cartId);

    /// <summary>Adds units of an active product (a new line or more of one); <see cref="ProductNotFoundException"/> for an unknown SKU.</summary>
    public async Task<StoredCart> AddItemAsync(string cartId, string sku, int quantity, IReadOnlyCollection<string>? expectedETags = null, CancellationToken cancellationToken = default)
    {
        var product = await RequireActiveProductAsync(sku, cancellationToken);
        var firstLine = false;
        var stored = await UpdateAsync(cartId, expectedETags, (cart, now) =>
        {
            firstLine = cart.Lines.Count == 0;
            cart.AddItem(product.Sku, quantity, now);
        }, cancellationToken);
        if (firstLine)
        {
            // The weekly rollup's cart abandonment counts carts with lines (in their creation week).
            await metrics.RecordAsync(
                new MetricFact(MetricFacts.Cart, stored.Cart.Id, stored.Cart.CreatedAt, []),
                Shop.Domain.Metrics.Weeks.KeyOf(stored.Cart.CreatedAt),
                cancellationToken);
        }

        return stored;
    }

    public Task<StoredCart> SetQuantityAsync(string cartId, string sku, int quantity, IReadOnlyCollection<string>? expectedETags = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(cartId, expectedETags, (cart, now) => cart.SetQuantity(LineSku(sku), quantity, now), cancellationToken);

    public Task<StoredCart> RemoveItemAsync(string cartId, string sku, IReadOnlyCollection<string>? expectedETags = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(cartId, expectedETags, (cart, now) => cart.RemoveItem(LineSku(sku), now), cancellationToken);

    /// <summary>Sets where the cart ships; at home, the region must be one the tax table knows (<see cref="ArgumentException"/> naming <c>region</c>).</summary>
    public Task<StoredCart> SetDestinationAsync(string cartId, ShippingDestination destination, IReadOnlyCollection<string>? expectedETags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!pricing.IsKnownRegion(destination))
        {
            throw new ArgumentException(
                $"For {destination.Country} destinations the region is required and must be one of: {string.Join(", ", pricing.TaxRegions.Order(StringComparer.Ordinal))}.",
                nameof(destination));
        }

        return UpdateAsync(cartId, expectedETags, (cart, now) => cart.SetDestination(destination, now), cancellationToken);
    }

    public Task<StoredCart> SetEmailAsync(string cartId, string email, IReadOnlyCollection<string>? expectedETags = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(cartId, expectedETags, (cart, now) => cart.SetEmail(email, now), cancellationToken);

    /// <summary>
    /// Closes the cart as order <paramref name="orderId"/> (idempotent for the same order). Refused with
    /// <see cref="CartClosedException"/> when expired or checked out into another order, <see cref="CartLimitException"/> when empty.
    /// </summary>
    public Task<StoredCart> CheckOutAsync(string cartId, string orderId, IReadOnlyCollection<string>? expectedETags = null, CancellationToken cancellationToken = default) =>
        UpdateAsync(cartId, expectedETags, (cart, now) => cart.CheckOut(orderId, now), cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the stored cart and writes it back conditionally (see the class remarks).</summary>
    public async Task<StoredCart> UpdateAsync(string cartId, IReadOnlyCollection<string>? expectedETags, Action<Cart, DateTimeOffset> change, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var stored = await GetAsync(cartId, cancellationToken);
            if (expectedETags is not null && !expectedETags.Contains(stored.ETag, StringComparer.Ordinal))
            {
                throw new CartVersionMismatchException($"Cart '{cartId}' has changed since the version in If-Match.");
            }

            var cart = stored.Cart;
            var wasRemindable = cart.IsRemindable;
            change(cart, time.GetUtcNow());

            // Started before the write that marks the cart, so a marked cart always has its reminders (a start that
            // exists already changes nothing; one whose write then loses a race is found by the retry).
            if (!cart.RemindersStarted && cart.IsRemindable && await reminders.TryStartAsync(cart.Id, cancellationToken))
            {
                cart.MarkRemindersStarted();
            }

            try
            {
                var eTag = await carts.ReplaceAsync(cart, stored.ETag, cancellationToken);
                if (cart.RemindersStarted && wasRemindable && !cart.IsRemindable)
                {
                    await reminders.StopAsync(cart.Id, cart.Status == CartStatus.CheckedOut ? "checkout" : "emptied", cancellationToken);
                }

                return new StoredCart(cart, eTag);
            }
            catch (CartVersionMismatchException) when (expectedETags is null && attempt < _options.MaxConcurrencyAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(1, 5 + (attempt * 5))), cancellationToken);
            }
        }
    }

    /// <summary>
    /// Writes back a cart that was read and then changed in memory, conditional on the version read (no second
    /// read); <see cref="CartVersionMismatchException"/> when it changed since.
    /// </summary>
    public async Task<StoredCart> SaveAsync(StoredCart changed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        var eTag = await carts.ReplaceAsync(changed.Cart, changed.ETag, cancellationToken);
        if (changed.Cart.RemindersStarted && !changed.Cart.IsRemindable)
        {
            // The checkout closes the cart through here: its reminders end now.
            await reminders.StopAsync(changed.Cart.Id, changed.Cart.Status == CartStatus.CheckedOut ? "checkout" : "emptied", cancellationToken);
        }

        return new StoredCart(changed.Cart, eTag);
    }

    /// <summary>The cart priced from the catalog as shown to shoppers (see <see cref="IProductStore.GetShownAsync"/>), with availability warnings.</summary>
    public Task<CartQuote> QuoteAsync(Cart cart, CancellationToken cancellationToken = default) => QuoteAsync(cart, fromStorage: false, cancellationToken);

    /// <summary>
    /// The cart priced from the catalog, with availability warnings; <paramref name="fromStorage"/>: the products read
    /// now (checkout prices the order with them) rather than as shown to shoppers.
    /// </summary>
    public async Task<CartQuote> QuoteAsync(Cart cart, bool fromStorage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var skus = cart.Lines.Select(l => l.Sku).ToList();
        var productsTask = fromStorage ? products.GetManyAsync(skus, cancellationToken) : products.GetShownAsync(skus, cancellationToken);
        var stockTask = stock.GetLevelsAsync(skus, cancellationToken);
        var found = await productsTask;
        var levels = await stockTask;
        var lowThreshold = catalogOptions.Value.LowStockThreshold;
        var lines = new List<CartQuoteLine>(cart.Lines.Count);
        var priced = new List<PricedLine>(cart.Lines.Count);
        foreach (var line in cart.Lines)
        {
            found.TryGetValue(line.Sku, out var product);
            if (product is null || !product.Active || product.Price.Currency != pricing.Currency)
            {
                lines.Add(new CartQuoteLine(line.Sku, line.Quantity, product?.Name, null, null, 0, StockAvailability.Out, false,
                    "This product is no longer available; it is left out of the totals."));
                continue;
            }

            var item = levels.GetValueOrDefault(line.Sku);
            var available = Math.Max(item?.Available ?? 0, 0);
            var availability = item?.AvailabilityFor(lowThreshold) ?? StockAvailability.Out;
            var warning = available == 0 ? "Out of stock."
                : available < line.Quantity ? $"Only {available} available."
                : null;
            var pricedLine = new PricedLine(line.Sku, line.Quantity, product.Price, product.WeightGrams);
            priced.Add(pricedLine);
            lines.Add(new CartQuoteLine(line.Sku, line.Quantity, product.Name, product.Price, pricedLine.LineTotal, product.WeightGrams, availability, true, warning));
        }

        var warnings = lines.Where(l => l.Warning is not null).Select(l => $"{l.Sku}: {l.Warning}").ToList();
        var status = cart.StatusAt(time.GetUtcNow());
        if (status == CartStatus.Expired)
        {
            warnings.Add("This cart has expired; start a new one.");
        }

        if (cart.Destination is null && cart.Lines.Count > 0)
        {
            warnings.Add("Set a shipping destination to see shipping and tax.");
        }

        return new CartQuote(cart, status, lines, pricing.Price(priced, cart.Destination), warnings);
    }

    private async Task<Product> RequireActiveProductAsync(string sku, CancellationToken cancellationToken)
    {
        var product = (await products.GetShownAsync([sku], cancellationToken)).Values.FirstOrDefault();
        return product is { Active: true } ? product : throw ProductNotFoundException.For(sku);
    }

    private static string LineSku(string sku) =>
        Skus.TryNormalize(sku, out var normalized) ? normalized : throw new CartLineNotFoundException($"The cart has no line for '{sku}'.");

    private static CartNotFoundException NotFound(string cartId) => new($"No cart has id '{cartId}'.");
}

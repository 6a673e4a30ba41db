using System.Net.Mail;

namespace Shop.Domain.Carts;

/// <summary>
/// A shopper's cart. It is open until it is checked out or until <see cref="Lifetime"/> passes without activity
/// (every change moves the expiry on). Each method is one transition and refuses an illegal one: a closed cart
/// (checked out or expired) refuses every change with <see cref="CartClosedException"/>.
/// </summary>
public sealed class Cart
{
    public const int MinQuantity = 1;
    public const int MaxQuantity = 99;
    public const int MaxLines = 50;
    public const int MaxEmailLength = 254;

    private readonly List<CartLine> _lines;

    private Cart(string id, List<CartLine> lines, DateTimeOffset createdAt, TimeSpan lifetime)
    {
        Id = id;
        _lines = lines;
        CreatedAt = createdAt;
        LastActivityAt = createdAt;
        Lifetime = lifetime;
        ExpiresAt = createdAt + lifetime;
    }

    public string Id { get; }

    public IReadOnlyList<CartLine> Lines => _lines.AsReadOnly();

    /// <summary>Where to send the order confirmation and abandoned-cart reminders; null until given.</summary>
    public string? Email { get; private set; }

    public ShippingDestination? Destination { get; private set; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset LastActivityAt { get; private set; }

    /// <summary>When the cart expires unless it changes again.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>How long the cart stays open after its last change.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>The stored status; see <see cref="StatusAt"/> for the status at a given time.</summary>
    public CartStatus Status { get; private set; }

    /// <summary>The order the cart became, once checked out.</summary>
    public string? OrderId { get; private set; }

    public int ItemCount => _lines.Sum(l => l.Quantity);

    /// <summary>
    /// True once the cart's abandoned-cart reminders were started: they start once per cart, never again (an emptied
    /// or checked-out cart's reminders stop for good), and ordinary changes of the cart start nothing.
    /// </summary>
    public bool RemindersStarted { get; private set; }

    /// <summary>A cart that reminders are about: open, with an email to write to and something in it.</summary>
    public bool IsRemindable => Status == CartStatus.Open && Email is not null && _lines.Count > 0;

    /// <summary>Notes that the cart's reminders were started (see <see cref="RemindersStarted"/>).</summary>
    public void MarkRemindersStarted() => RemindersStarted = true;

    public static Cart Create(string id, DateTimeOffset now, TimeSpan lifetime)
    {
        if (!CartIds.IsWellFormed(id))
        {
            throw new ArgumentException("A cart id is 32 lower-case hex characters.", nameof(id));
        }

        if (lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, "A cart's lifetime must be positive.");
        }

        return new Cart(id, [], now, lifetime);
    }

    /// <summary>Rebuilds a stored cart.</summary>
    public static Cart Restore(
        string id,
        IEnumerable<CartLine> lines,
        string? email,
        ShippingDestination? destination,
        DateTimeOffset createdAt,
        DateTimeOffset lastActivityAt,
        DateTimeOffset expiresAt,
        TimeSpan lifetime,
        CartStatus status,
        string? orderId,
        bool remindersStarted = false)
    {
        ArgumentNullException.ThrowIfNull(lines);
        return new Cart(id, lines.ToList(), createdAt, lifetime)
        {
            Email = email,
            Destination = destination,
            LastActivityAt = lastActivityAt,
            ExpiresAt = expiresAt,
            Status = status,
            OrderId = orderId,
            RemindersStarted = remindersStarted,
        };
    }

    /// <summary>The status at <paramref name="now"/>: an open cart past its expiry is expired.</summary>
    public CartStatus StatusAt(DateTimeOffset now) => Status == CartStatus.Open && now >= ExpiresAt ? CartStatus.Expired : Status;

    /// <summary>The line for <paramref name="sku"/>, or null.</summary>
    public CartLine? Find(string sku) => _lines.Find(l => l.Sku == sku);

    /// <summary>Adds <paramref name="quantity"/> units of a SKU: a new line, or more of an existing one (at most 99 in all).</summary>
    public void AddItem(string sku, int quantity, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sku);
        RequireQuantity(quantity);
        EnsureOpen(now);
        var index = _lines.FindIndex(l => l.Sku == sku);
        if (index < 0)
        {
            if (_lines.Count >= MaxLines)
            {
                throw new CartLimitException($"A cart holds at most {MaxLines} different products.");
            }

            _lines.Add(new CartLine(sku, quantity));
        }
        else
        {
            var total = _lines[index].Quantity + quantity;
            if (total > MaxQuantity)
            {
                throw new CartQuantityException(
                    $"The cart already holds {_lines[index].Quantity} of '{sku}'; a line holds at most {MaxQuantity}.");
            }

            _lines[index] = _lines[index] with { Quantity = total };
        }

        Touch(now);
    }

    /// <summary>Sets the quantity of an existing line (1–99).</summary>
    public void SetQuantity(string sku, int quantity, DateTimeOffset now)
    {
        RequireQuantity(quantity);
        EnsureOpen(now);
        var index = IndexOf(sku);
        _lines[index] = _lines[index] with { Quantity = quantity };
        Touch(now);
    }

    /// <summary>Removes an existing line.</summary>
    public void RemoveItem(string sku, DateTimeOffset now)
    {
        EnsureOpen(now);
        _lines.RemoveAt(IndexOf(sku));
        Touch(now);
    }

    public void SetDestination(ShippingDestination destination, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(destination);
        EnsureOpen(now);
        Destination = destination;
        Touch(now);
    }

    /// <summary>Sets the shopper's email (checked for shape, at most 254 characters).</summary>
    public void SetEmail(string email, DateTimeOffset now)
    {
        var trimmed = (email ?? string.Empty).Trim();
        if (trimmed.Length is 0 or > MaxEmailLength
            || !MailAddress.TryCreate(trimmed, out var address)
            || address.Address != trimmed
            || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException("The email must be an address like someone@example.com.", nameof(email));
        }

        EnsureOpen(now);
        Email = trimmed;
        Touch(now);
    }

    /// <summary>
    /// The cart became order <paramref name="orderId"/>: it closes for good. Refused when it is empty, expired or
    /// checked out into another order; repeating it for the same order does nothing.
    /// </summary>
    public void CheckOut(string orderId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        if (Status == CartStatus.CheckedOut && OrderId == orderId)
        {
            return;
        }

        EnsureOpen(now);
        if (_lines.Count == 0)
        {
            throw new CartLimitException("An empty cart cannot be checked out.");
        }

        Status = CartStatus.CheckedOut;
        OrderId = orderId;
        LastActivityAt = now;
    }

    /// <summary>Closes an open cart that has passed its expiry (for a clean-up job); refused before then.</summary>
    public void Expire(DateTimeOffset now)
    {
        if (Status == CartStatus.Expired)
        {
            return;
        }

        if (StatusAt(now) != CartStatus.Expired)
        {
            throw new CartClosedException(Status == CartStatus.Open
                ? $"Cart '{Id}' does not expire before {ExpiresAt:O}."
                : $"Cart '{Id}' is checked out.");
        }

        Status = CartStatus.Expired;
    }

    private static void RequireQuantity(int quantity)
    {
        if (quantity is < MinQuantity or > MaxQuantity)
        {
            throw new CartQuantityException($"A quantity must be {MinQuantity} to {MaxQuantity}.");
        }
    }

    private int IndexOf(string sku)
    {
        var index = _lines.FindIndex(l => l.Sku == sku);
        return index >= 0 ? index : throw new CartLineNotFoundException($"The cart has no line for '{sku}'.");
    }

    private void EnsureOpen(DateTimeOffset now)
    {
        var status = StatusAt(now);
        if (status != CartStatus.Open)
        {
            throw new CartClosedException(Id, status);
        }
    }

    private void Touch(DateTimeOffset now)
    {
        LastActivityAt = now;
        ExpiresAt = now + Lifetime;
    }
}

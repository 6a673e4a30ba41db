namespace Shop.Domain.Orders;

/// <summary>
/// The order aggregate. It guards its own transitions: each method refuses a transition the current
/// status does not allow, and every transition adds a step to the timeline.
/// </summary>
public sealed class Order
{
    private readonly List<OrderLine> _lines;
    private readonly List<OrderEvent> _timeline;

    private Order(string id, string cartId, string email, ShippingAddress address, IEnumerable<OrderLine> lines, OrderTotals totals, string paymentMethod, DateTimeOffset placedAt)
    {
        Id = id;
        CartId = cartId;
        Email = email;
        ShippingAddress = address;
        _lines = lines.ToList();
        Totals = totals;
        PaymentMethod = paymentMethod;
        PlacedAt = placedAt;
        Status = OrderStatus.Placed;
        _timeline = [new OrderEvent("placed", placedAt)];
    }

    public string Id { get; }

    public string CartId { get; }

    public string Email { get; }

    public ShippingAddress ShippingAddress { get; }

    public IReadOnlyList<OrderLine> Lines => _lines;

    public OrderTotals Totals { get; }

    public string PaymentMethod { get; }

    public DateTimeOffset PlacedAt { get; }

    public OrderStatus Status { get; private set; }

    public IReadOnlyList<OrderEvent> Timeline => _timeline;

    /// <summary>Why the order was rejected, failed or cancelled, in words the storefront can show.</summary>
    public string? Reason { get; private set; }

    public string? PaymentId { get; private set; }

    /// <summary>While the order waits for the shopper to authenticate the payment: what the storefront needs for it.</summary>
    public PaymentAction? PaymentAction { get; private set; }

    /// <summary>Set when the capture failed after shipment: how the money is recovered (null: captured as usual).</summary>
    public PaymentRecovery? PaymentRecovery { get; private set; }

    public string? Carrier { get; private set; }

    public string? TrackingNumber { get; private set; }

    public bool IsTerminal => Status is OrderStatus.Rejected or OrderStatus.PaymentFailed or OrderStatus.Cancelled or OrderStatus.Delivered;

    /// <summary>True while the order can still be cancelled by the customer (before shipment).</summary>
    public bool CanCancel => Status is OrderStatus.Placed or OrderStatus.Confirmed;

    public static Order Place(string id, string cartId, string email, ShippingAddress address, IEnumerable<OrderLine> lines, OrderTotals totals, string paymentMethod, DateTimeOffset placedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(totals);
        var order = new Order(id, cartId, email, address, lines, totals, paymentMethod, placedAt);
        if (order._lines.Count == 0)
        {
            throw new ArgumentException("An order needs at least one line.", nameof(lines));
        }

        return order;
    }

    /// <summary>Rebuilds an order from storage (no transition checks: the stored state was checked when it was reached).</summary>
    public static Order Restore(
        string id, string cartId, string email, ShippingAddress address, IEnumerable<OrderLine> lines, OrderTotals totals, string paymentMethod,
        DateTimeOffset placedAt, OrderStatus status, IEnumerable<OrderEvent> timeline, string? reason, string? paymentId, string? carrier, string? trackingNumber,
        PaymentRecovery? paymentRecovery = null, PaymentAction? paymentAction = null)
    {
        var order = new Order(id, cartId, email, address, lines, totals, paymentMethod, placedAt)
        {
            Status = status,
            Reason = reason,
            PaymentId = paymentId,
            PaymentRecovery = paymentRecovery,
            PaymentAction = paymentAction,
            Carrier = carrier,
            TrackingNumber = trackingNumber,
        };
        order._timeline.Clear();
        order._timeline.AddRange(timeline);
        return order;
    }

    public void Reject(string reason, DateTimeOffset at)
    {
        Require(Status == OrderStatus.Placed, "rejected");
        Reason = reason;
        Move(OrderStatus.Rejected, "rejected", at, reason);
    }

    public void FailPayment(string reason, DateTimeOffset at)
    {
        Require(Status == OrderStatus.Placed, "marked payment-failed");
        Reason = reason;
        Move(OrderStatus.PaymentFailed, "payment_failed", at, reason);
    }

    public void Confirm(string paymentId, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        Require(Status == OrderStatus.Placed, "confirmed");
        PaymentId = paymentId;
        Move(OrderStatus.Confirmed, "confirmed", at);
    }

    /// <summary>A confirmed order's authorization was replaced before it lapsed: the order now stands on <paramref name="paymentId"/>.</summary>
    public void ReplacePayment(string paymentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
        Require(Status is OrderStatus.Confirmed or OrderStatus.Picking, "re-authorized");
        PaymentId = paymentId;
    }

    /// <summary>The warehouse took the pick list: from here the order ships, and a cancellation is refused.</summary>
    public void StartPicking(DateTimeOffset at)
    {
        Require(Status == OrderStatus.Confirmed, "picked");
        Move(OrderStatus.Picking, "picking", at);
    }

    public void Ship(string carrier, string trackingNumber, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(carrier);
        ArgumentException.ThrowIfNullOrWhiteSpace(trackingNumber);
        Require(Status is OrderStatus.Confirmed or OrderStatus.Picking, "shipped");
        Carrier = carrier;
        TrackingNumber = trackingNumber;
        Move(OrderStatus.Shipped, "shipped", at, $"{carrier} {trackingNumber}");
    }

    /// <summary>
    /// The capture failed after the goods left: the order stays shipped, and records how its money is recovered — on a
    /// new authorization <paramref name="paymentId"/> that was captured, or by collections.
    /// </summary>
    public void RecordPaymentRecovery(PaymentRecovery recovery, string? paymentId)
    {
        Require(Status is OrderStatus.Shipped or OrderStatus.OutForDelivery or OrderStatus.Delivered, "given a payment recovery");
        if (recovery == Orders.PaymentRecovery.Reauthorized)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(paymentId);
            PaymentId = paymentId;
        }

        PaymentRecovery = recovery;
    }

    public void MarkOutForDelivery(DateTimeOffset at)
    {
        Require(Status is OrderStatus.Shipped or OrderStatus.OutForDelivery, "out for delivery");
        Move(OrderStatus.OutForDelivery, "out_for_delivery", at);
    }

    public void Deliver(DateTimeOffset at)
    {
        Require(Status is OrderStatus.Shipped or OrderStatus.OutForDelivery, "delivered");
        Move(OrderStatus.Delivered, "delivered", at);
    }

    public void Cancel(string reason, DateTimeOffset at)
    {
        Require(CanCancel, "cancelled");
        Reason = reason;
        Move(OrderStatus.Cancelled, "cancelled", at, reason);
    }

    /// <summary>Adds a step that changes no status (a delay notice, a carrier exception).</summary>
    public void Note(string step, DateTimeOffset at, string? detail = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(step);
        _timeline.Add(new OrderEvent(step, at, detail));
    }

    private void Require(bool allowed, string transition)
    {
        if (!allowed)
        {
            throw new IllegalOrderTransitionException(Id, Status, transition);
        }
    }

    /// <summary>The payment waits for the shopper to authenticate it (3-D Secure), with what the storefront needs for that.</summary>
    public void RequirePaymentAction(PaymentAction action, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(action);
        Require(Status == OrderStatus.Placed, "sent to payment authentication");
        PaymentAction = action;
        Note("payment_action_required", at, "Complete the payment (3-D Secure) to place the order.");
    }

    private void Move(OrderStatus status, string step, DateTimeOffset at, string? detail = null)
    {
        // Every move ends a wait for the shopper's authentication.
        PaymentAction = null;
        Status = status;
        _timeline.Add(new OrderEvent(step, at, detail));
    }
}

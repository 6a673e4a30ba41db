using Shop.Functions.Catalog;
using Shop.Functions.Returns;

namespace Shop.Functions.Orders;

/// <summary>
/// An order as its customer sees it. <c>paymentAction</c> is there while the payment waits for the shopper to
/// authenticate it (3-D Secure): Stripe.js completes it with the client secret, or the shopper follows the bank's page.
/// A delivered order lists its <c>returns</c>, each with its refund once issued, and <c>refunded</c>, the total given back.
/// </summary>
public sealed record OrderView(
    string OrderId,
    string Status,
    string? Reason,
    DateTimeOffset PlacedAt,
    IReadOnlyList<OrderLineView> Lines,
    OrderTotalsView Totals,
    AddressDto ShippingAddress,
    IReadOnlyList<TimelineEntryView> Timeline,
    TrackingView? Tracking,
    PaymentActionView? PaymentAction = null,
    IReadOnlyList<ReturnView>? Returns = null,
    MoneyDto? Refunded = null);

/// <summary>What the storefront needs to let the shopper authenticate the payment.</summary>
public sealed record PaymentActionView(string ClientSecret, string Type, Uri? RedirectUrl);

/// <summary>One order line.</summary>
public sealed record OrderLineView(string Sku, string Name, int Quantity, MoneyDto UnitPrice, MoneyDto LineTotal);

/// <summary>The order's amounts.</summary>
public sealed record OrderTotalsView(MoneyDto Subtotal, MoneyDto Shipping, MoneyDto Tax, MoneyDto Total);

/// <summary>One step of the order's timeline.</summary>
public sealed record TimelineEntryView(string Step, DateTimeOffset At, string? Detail);

/// <summary>Where the parcel is.</summary>
public sealed record TrackingView(string Carrier, string TrackingNumber, Uri Url);

using Shop.Domain.Common;
using Shop.Domain.Email;

namespace Shop.Infrastructure.Email;

/// <summary>
/// A realistic model for every template and variant: the template tests render each one, and in Development
/// <c>POST /api/dev/outbox/samples</c> sends them all to the outbox for a look.
/// </summary>
public static class EmailSamples
{
    public const string OrderId = "ord_7f3a9c2e41b84d0c9a1e5f6b7c8d9e0f";

    private static readonly Uri Site = new("https://shop.example/");

    public static IReadOnlyList<EmailOrderLine> Lines(string currency = "EUR") =>
    [
        new("MUG-BLUE", "Blue enamel mug", 2, new Money(12.50m, currency)),
        new("TEE-L-GRN", "Organic tee, green, L", 1, new Money(24.00m, currency)),
    ];

    public static OrderConfirmedEmail OrderConfirmed(string customerName = "Ana Pérez") => new(
        OrderId,
        customerName,
        Lines(),
        new Money(49.00m, "EUR"),
        new Money(4.90m, "EUR"),
        new Money(9.31m, "EUR"),
        new Money(63.21m, "EUR"),
        "Ana Pérez, Calle Mayor 1, 28013 Madrid, ES",
        new Uri(Site, "orders/" + OrderId));

    /// <summary>Every template at least once, with each variant (optional parts present and absent, review reminders, rejection kinds, ops alerts).</summary>
    public static IEnumerable<EmailModel> All()
    {
        yield return OrderConfirmed();
        yield return new OrderConfirmedEmail(
            "ord_jp_0001", "Sato Hanako", [new("TEA-SENCHA", "Sencha tea 100 g", 3, new Money(1250m, "JPY"))],
            new Money(3750m, "JPY"), new Money(500m, "JPY"), new Money(375m, "JPY"), new Money(4625m, "JPY"), "1-1 Chiyoda, Tokyo 100-0001, JP", new Uri(Site, "orders/ord_jp_0001"));
        yield return new PaymentFailedEmail(OrderId, "Ana Pérez", new Money(63.21m, "EUR"), "Your card has insufficient funds.", new Uri(Site, "checkout/retry"));
        yield return new PaymentFailedEmail(OrderId, "Ana Pérez", new Money(63.21m, "EUR"), "Your card was declined.", null);
        yield return new OrderRejectedEmail(OrderId, "Ana Pérez", OrderRejectionKind.OutOfStock, ["Blue enamel mug (MUG-BLUE): 2 requested, 1 available"]);
        yield return new OrderRejectedEmail(OrderId, "Ana Pérez", OrderRejectionKind.Validation, ["The postal code 2801 is not valid for Spain.", "The price of Blue enamel mug changed from €12.50 to €13.00."]);
        yield return new ShippedEmail(OrderId, "Ana Pérez", "DHL Express", "JD014600003SE", new Uri("https://www.dhl.com/track?trackingNumber=JD014600003SE"), new DateOnly(2030, 3, 4), Lines(), new Money(63.21m, "EUR"));
        yield return new ShippedEmail(OrderId, "Ana Pérez", "DHL Express", "JD014600003SE", new Uri("https://www.dhl.com/track?trackingNumber=JD014600003SE"), null, Lines(), new Money(63.21m, "EUR"));
        yield return new OutForDeliveryEmail(OrderId, "Ana Pérez", "DHL Express", "JD014600003SE", new Uri("https://www.dhl.com/track?trackingNumber=JD014600003SE"));
        yield return new DeliveredEmail(OrderId, "Ana Pérez", "DHL Express", new DateTimeOffset(2030, 3, 4, 10, 42, 0, TimeSpan.Zero), new Uri(Site, "returns/new?order=" + OrderId));
        yield return new ShipmentDelayedEmail(OrderId, "Ana Pérez", "it has not left our warehouse within the two days we promised.", new DateOnly(2030, 3, 8), new Uri(Site, "orders/" + OrderId));
        yield return new ShipmentDelayedEmail(OrderId, "Ana Pérez", "the carrier reports a delay at the sorting centre.", null, new Uri(Site, "orders/" + OrderId));
        yield return new OrderCancelledEmail(OrderId, "Ana Pérez", "you asked us to cancel it.", new Money(63.21m, "EUR"));
        yield return new RefundIssuedEmail(OrderId, "Ana Pérez", new Money(24.00m, "EUR"), "returned item", "re_3Nf8s2LkdIwHu7ix0b1c2d3e");
        yield return new ReturnReceivedEmail(OrderId, "Ana Pérez", "ret_91c2", [new("TEE-L-GRN", "Organic tee, green, L", 1, new Money(24.00m, "EUR"))], new Money(24.00m, "EUR"), 2);
        var items = new[] { new ReviewItem("Blue enamel mug", new Uri(Site, "reviews/new?sku=MUG-BLUE")), new ReviewItem("Organic tee, green, L", new Uri(Site, "reviews/new?sku=TEE-L-GRN")) };
        yield return new ReviewRequestEmail(OrderId, "Ana Pérez", items, 0, false) { UnsubscribeUrl = new Uri(Site, "#/unsubscribe?token=sample") };
        yield return new ReviewRequestEmail(OrderId, "Ana Pérez", items, 1, false);
        yield return new ReviewRequestEmail(OrderId, "Ana Pérez", items, 2, true);
        yield return new AbandonedCartEmail("cart_5d1e", "Ana Pérez", Lines(), new Money(49.00m, "EUR"), new Uri(Site, "cart/cart_5d1e")) { UnsubscribeUrl = new Uri(Site, "#/unsubscribe?token=sample") };
        yield return new AbandonedCartEmail("cart_5d1f", null, Lines("USD"), new Money(49.00m, "USD"), new Uri(Site, "cart/cart_5d1f"));
        yield return new ReorderPointAlertEmail("MUG-BLUE", "Blue enamel mug", 18, 21, 120, 1.5m, 14, 21);
        yield return new StuckOrderAlertEmail(OrderId, "AwaitingShipment", new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero), "Activity ReleaseHolds failed 5 times: 503 Server Busy", new Uri(Site, "admin/orders/" + OrderId));
        yield return new StuckOrderAlertEmail(OrderId, "PaymentPending", new DateTimeOffset(2030, 3, 1, 9, 0, 0, TimeSpan.Zero), null, null);
        yield return new AnomalyAlertEmail("Cart abandonment rate", "81%", "55% to 70%", "week 2030-W09", "Abandonment rose after the shipping-cost change on Monday.");
        yield return new WeeklyMetricsEmail(
            "2030-W09",
            [new("Orders", "412", "388.5"), new("Revenue", "$21,930.00", "$20,114.20"), new("Return rate", "6.1%", "3.2%")],
            [new("Return rate 6.1% is 91% above its baseline 3.2% (rule: more than 50% above the 8-week mean).")]);
        var returned = new[] { new EmailOrderLine("TEE-L-GRN", "Organic tee, green, L", 1, new Money(24.00m, "EUR")) };
        yield return new ReturnRequestedEmail(OrderId, "Ana Pérez", OrderId + "-r1", returned, "not as described", new Money(28.56m, "EUR"), new Uri(Site, "api/returns/" + OrderId + "-r1/label?token=v1.0.0"), "RET1Z0001", false);
        yield return new ReturnRequestedEmail(OrderId, "Ana Pérez", OrderId + "-r1", returned, "not as described", new Money(28.56m, "EUR"), new Uri(Site, "api/returns/" + OrderId + "-r1/label?token=v1.0.0"), "RET1Z0001", true);
        yield return new ReturnRequestedEmail(OrderId, "Ana Pérez", OrderId + "-r2", returned, "damaged", new Money(12.00m, "EUR"), null, null, false);
        yield return new ReturnRejectedEmail(OrderId, "Ana Pérez", OrderId + "-r1", "the parcel did not reach us within 14 days.");
        yield return new OpsAlertEmail("Return " + OrderId + "-r1 awaits approval", "Reason: other (the colour differs from the photo).", OrderId, new Uri(Site, "api/admin/returns/" + OrderId + "-r1"));
        yield return new OpsAlertEmail("Dispute dp_1 opened", "A chargeback of €63.21 (fraudulent).", null, null);
    }
}

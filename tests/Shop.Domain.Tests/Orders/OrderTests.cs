using Shop.Domain.Common;
using Shop.Domain.Orders;

namespace Shop.Domain.Tests.Orders;

public sealed class OrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    internal static Order NewOrder(decimal unitPrice = 20m, int quantity = 2) => Order.Place(
        "o-1",
        "c-1",
        "ada@example.com",
        new ShippingAddress("Ada Lovelace", "1 Main St", null, "Springfield", "IL", "62701", "US"),
        [new OrderLine("MUG-1", "Mug", quantity, new Money(unitPrice, "USD"))],
        new OrderTotals(new Money(unitPrice * quantity, "USD"), Money.Zero("USD"), Money.Zero("USD"), new Money(unitPrice * quantity, "USD")),
        "pm_card_visa",
        T0);

    [Fact]
    public void HappyPath_MovesThroughEveryStatus_AndRecordsATimeline()
    {
        var order = NewOrder();

        order.Confirm("pi_1", T0.AddSeconds(1));
        order.Ship("UPS", "1Z999", T0.AddDays(1));
        order.MarkOutForDelivery(T0.AddDays(2));
        order.Deliver(T0.AddDays(2).AddHours(3));

        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.True(order.IsTerminal);
        Assert.Equal(["placed", "confirmed", "shipped", "out_for_delivery", "delivered"], order.Timeline.Select(e => e.Step));
        Assert.Equal("1Z999", order.TrackingNumber);
    }

    [Fact]
    public void Cancel_AfterShipment_IsRefused()
    {
        var order = NewOrder();
        order.Confirm("pi_1", T0);
        order.Ship("UPS", "1Z999", T0);

        var error = Assert.Throws<IllegalOrderTransitionException>(() => order.Cancel("changed my mind", T0));

        Assert.Equal(OrderStatus.Shipped, error.From);
        Assert.Equal(OrderStatus.Shipped, order.Status);
    }

    [Fact]
    public void Picking_RefusesACancel_AndShipsFromThere()
    {
        var order = NewOrder();
        order.Confirm("pi_1", T0);
        order.StartPicking(T0.AddHours(1));

        Assert.False(order.CanCancel);
        Assert.Throws<IllegalOrderTransitionException>(() => order.Cancel("changed my mind", T0.AddHours(2)));
        order.Ship("UPS", "1Z999", T0.AddHours(3));
        Assert.Equal(["placed", "confirmed", "picking", "shipped"], order.Timeline.Select(e => e.Step));
    }

    [Fact]
    public void PaymentRecovery_IsRecordedOnlyOnAShippedOrder_AndAReauthorizationReplacesThePayment()
    {
        var order = NewOrder();
        order.Confirm("pi_1", T0);
        Assert.Throws<IllegalOrderTransitionException>(() => order.RecordPaymentRecovery(PaymentRecovery.Collections, null));

        order.Ship("UPS", "1Z999", T0.AddDays(1));
        order.RecordPaymentRecovery(PaymentRecovery.Reauthorized, "pi_2");

        Assert.Equal((PaymentRecovery.Reauthorized, "pi_2"), (order.PaymentRecovery, order.PaymentId));
    }

    [Fact]
    public void PaymentAction_IsShownWhilePlaced_AndGoesWithTheNextMove()
    {
        var order = NewOrder();
        order.RequirePaymentAction(new PaymentAction("pi_1_secret_x", "redirect_to_url", "https://bank.example/3ds"), T0);
        Assert.Equal("https://bank.example/3ds", order.PaymentAction?.RedirectUrl);

        order.Confirm("pi_1", T0.AddMinutes(1));

        Assert.Null(order.PaymentAction);
    }

    [Fact]
    public void Cancel_BeforeShipment_RecordsTheReason()
    {
        var order = NewOrder();
        order.Confirm("pi_1", T0);

        order.Cancel("customer request", T0.AddHours(1));

        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Equal("customer request", order.Reason);
    }

    [Fact]
    public void Ship_BeforeConfirmation_IsRefused()
    {
        var order = NewOrder();

        Assert.Throws<IllegalOrderTransitionException>(() => order.Ship("UPS", "1Z", T0));
        Assert.Equal(OrderStatus.Placed, order.Status);
    }

    [Fact]
    public void Deliver_ARejectedOrder_IsRefused()
    {
        var order = NewOrder();
        order.Reject("out of stock: MUG-1", T0);

        Assert.Throws<IllegalOrderTransitionException>(() => order.Deliver(T0));
    }
}

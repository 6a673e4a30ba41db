using Shop.Domain.Common;
using Shop.Domain.Orders;
using Shop.Domain.Returns;

namespace Shop.Domain.Tests.Returns;

public sealed class OrderReturnsTests
{
    private static readonly DateTimeOffset DeliveredAt = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Refund_IsTheLinesWithTheirTaxShare_AndTheShippingShareOnlyWhenTheShopIsAtFault()
    {
        var order = DeliveredOrder();
        var returns = new OrderReturns(order.Id, []);

        var unwanted = returns.Request(order, [new ReturnLineRequest("MUG", 1)], "no_longer_needed", null, DeliveredAt.AddDays(1), TimeSpan.FromDays(30));
        var damaged = returns.Request(order, [new ReturnLineRequest("TEE", 1)], "damaged", null, DeliveredAt.AddDays(1), TimeSpan.FromDays(30));

        // Subtotal 40 (2 x 10 + 20), tax 4, shipping 6: a 10 mug is a quarter; a 20 tee half.
        Assert.Equal(new Money(11m, "USD"), unwanted.ExpectedRefund);
        Assert.Equal(new Money(25m, "USD"), damaged.ExpectedRefund);
    }

    [Fact]
    public void Request_IsRefused_AfterTheWindow_ForAnOpenLine_AndBeyondWhatWasDelivered()
    {
        var order = DeliveredOrder();
        var returns = new OrderReturns(order.Id, []);

        Assert.Throws<ReturnRuleException>(() => returns.Request(order, [new ReturnLineRequest("MUG", 1)], "damaged", null, DeliveredAt.AddDays(31), TimeSpan.FromDays(30)));
        Assert.Equal("lines[0].quantity", Assert.Throws<FieldValidationException>(() => returns.Request(order, [new ReturnLineRequest("MUG", 3)], "damaged", null, DeliveredAt, TimeSpan.FromDays(30))).Errors.Keys.Single());
        var first = returns.Request(order, [new ReturnLineRequest("MUG", 1)], "damaged", null, DeliveredAt, TimeSpan.FromDays(30));
        Assert.Throws<ReturnRuleException>(() => returns.Request(order, [new ReturnLineRequest("MUG", 1)], "damaged", null, DeliveredAt, TimeSpan.FromDays(30)));

        // Rejected: the line is free again.
        first.Reject("used", DeliveredAt);
        Assert.Equal($"{order.Id}-r2", returns.Request(order, [new ReturnLineRequest("MUG", 2)], "damaged", null, DeliveredAt, TimeSpan.FromDays(30)).Id);
        Assert.Equal(order.Id, OrderReturns.OrderIdOf($"{order.Id}-r2"));
    }

    [Fact]
    public void Return_GuardsItsTransitions()
    {
        var order = DeliveredOrder();
        var request = new OrderReturns(order.Id, []).Request(order, [new ReturnLineRequest("MUG", 1)], "wrong_item", null, DeliveredAt, TimeSpan.FromDays(30));

        Assert.Throws<ReturnRuleException>(() => request.Receive(DeliveredAt, DeliveredAt, "ops"));
        request.Approve(DeliveredAt);
        request.IssueLabel(new ReturnLabel("C", "T1", new Uri("https://label.example/1")), DeliveredAt);
        Assert.Throws<ReturnRuleException>(() => request.RecordRefund(new ReturnRefund("re_1", request.RefundAmount, DeliveredAt)));
        request.Receive(DeliveredAt, DeliveredAt.AddDays(2), "carrier");
        Assert.Throws<FieldValidationException>(() => request.Inspect(new Dictionary<string, LineDisposition>(), null, DeliveredAt));
        request.Inspect(new Dictionary<string, LineDisposition> { ["MUG"] = LineDisposition.WriteOff }, null, DeliveredAt);
        request.RecordRefund(new ReturnRefund("re_1", request.RefundAmount, DeliveredAt));
        request.Close(DeliveredAt);
        Assert.Equal(ReturnStatus.Closed, request.Status);
        Assert.False(request.IsOpen);
    }

    private static Order DeliveredOrder()
    {
        var order = Order.Place(
            "20261201-0123456789abcdef0123456789abcdef",
            "cart",
            "ada@example.com",
            new ShippingAddress("Ada", "1 Main St", null, "Springfield", "IL", "62701", "US"),
            [new OrderLine("MUG", "Mug", 2, new Money(10m, "USD")), new OrderLine("TEE", "Tee", 1, new Money(20m, "USD"))],
            new OrderTotals(new Money(40m, "USD"), new Money(6m, "USD"), new Money(4m, "USD"), new Money(50m, "USD")),
            "pm_card_visa",
            DeliveredAt.AddDays(-3));
        order.Confirm("pi_1", DeliveredAt.AddDays(-3));
        order.Ship("UPS", "1Z", DeliveredAt.AddDays(-2));
        order.Deliver(DeliveredAt);
        return order;
    }
}

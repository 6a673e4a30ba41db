using Shop.Domain.Inventory;

namespace Shop.Domain.Tests.Inventory;

public sealed class StockItemTests
{
    private static StockItem WithStock(int onHand)
    {
        var item = StockItem.Create("SKU");
        item.Receive(onHand);
        return item;
    }

    private static void AssertInvariants(StockItem item)
    {
        Assert.Equal(item.OnHand, item.Available + item.Held);
        Assert.True(item.OnHand >= 0 && item.Held >= 0 && item.Available >= 0);
        Assert.True(item.Sold <= item.Received);
        Assert.Equal(item.Received - item.Sold, item.OnHand);
    }

    [Fact]
    public void Hold_Release_Convert_KeepOnHandEqualToAvailablePlusHeld()
    {
        var item = WithStock(10);

        item.Hold(4);
        AssertInvariants(item);
        Assert.Equal(6, item.Available);
        item.Release(1);
        AssertInvariants(item);
        item.Convert(3);
        AssertInvariants(item);

        Assert.Equal(7, item.OnHand);
        Assert.Equal(0, item.Held);
        Assert.Equal(3, item.Sold);
        Assert.Equal(10, item.Received);
    }

    [Fact]
    public void Hold_MoreThanAvailable_IsRefused_AndChangesNothing()
    {
        var item = WithStock(5);
        item.Hold(3);

        var error = Assert.Throws<InsufficientStockException>(() => item.Hold(3));

        Assert.Equal(2, error.Available);
        Assert.Equal(3, item.Held);
        AssertInvariants(item);
    }

    [Fact]
    public void Release_OrConvert_MoreThanHeld_IsRefused()
    {
        var item = WithStock(5);
        item.Hold(2);

        Assert.Throws<StockRuleException>(() => item.Release(3));
        Assert.Throws<StockRuleException>(() => item.Convert(3));
        Assert.Equal(2, item.Held);
        AssertInvariants(item);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Quantities_MustBePositive(int quantity)
    {
        var item = WithStock(5);

        Assert.Throws<ArgumentOutOfRangeException>(() => item.Receive(quantity));
        Assert.Throws<ArgumentOutOfRangeException>(() => item.Hold(quantity));
        Assert.Throws<ArgumentOutOfRangeException>(() => item.Release(quantity));
        Assert.Equal(5, item.OnHand);
    }

    [Fact]
    public void Restore_RefusesFiguresThatBreakTheInvariants()
    {
        Assert.Throws<StockRuleException>(() => StockItem.Restore("SKU", onHand: 5, held: 6, 0, 0, received: 5, sold: 0));
        Assert.Throws<StockRuleException>(() => StockItem.Restore("SKU", onHand: -1, held: 0, 0, 0, received: 0, sold: 1));
        Assert.Throws<StockRuleException>(() => StockItem.Restore("SKU", onHand: 5, held: 0, 0, 0, received: 4, sold: 0));
        Assert.Equal(3, StockItem.Restore("SKU", 5, 2, 0, 0, 7, 2).Available);
    }

    [Theory]
    [InlineData(0, StockAvailability.Out)]
    [InlineData(5, StockAvailability.Low)]
    [InlineData(6, StockAvailability.InStock)]
    public void Availability_IsOutLowOrInStock(int available, StockAvailability expected)
    {
        var item = StockItem.Create("SKU");
        if (available > 0)
        {
            item.Receive(available);
        }

        Assert.Equal(expected, item.AvailabilityFor(lowThreshold: 5));
    }

    [Fact]
    public void ReorderSettings_AreChecked_AndNeedsReorderFollowsThem()
    {
        var item = WithStock(10);
        item.SetReorder(10, 14);

        Assert.True(item.NeedsReorder);
        Assert.Throws<ArgumentOutOfRangeException>(() => item.SetReorder(-1, 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => item.SetReorder(5, 400));
        Assert.Equal(14, item.LeadTimeDays);
    }
}

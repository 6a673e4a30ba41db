using Shop.Domain.Carts;

namespace Shop.Domain.Tests.Carts;

public sealed class CartTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Cart NewCart() => Cart.Create(CartIds.New(), Now, TimeSpan.FromDays(7));

    [Fact]
    public void Ids_Are32HexCharacters_AndDifferEveryTime()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => CartIds.New()).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.True(CartIds.IsWellFormed(id)));
        Assert.False(CartIds.IsWellFormed("1234"));
    }

    [Fact]
    public void AddItem_TheSameSkuTwice_IncreasesOneLine()
    {
        var cart = NewCart();

        cart.AddItem("A", 2, Now);
        cart.AddItem("B", 1, Now);
        cart.AddItem("A", 3, Now);

        Assert.Equal([new CartLine("A", 5), new CartLine("B", 1)], cart.Lines);
        Assert.Equal(6, cart.ItemCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100)]
    public void Quantities_OutsideOneTo99_AreRefused(int quantity)
    {
        var cart = NewCart();
        cart.AddItem("A", 1, Now);

        Assert.Throws<CartQuantityException>(() => cart.AddItem("B", quantity, Now));
        Assert.Throws<CartQuantityException>(() => cart.SetQuantity("A", quantity, Now));
        Assert.Equal([new CartLine("A", 1)], cart.Lines);
    }

    [Fact]
    public void AddItem_BeyondNinetyNineInOneLine_IsRefused_AndTheLineIsUnchanged()
    {
        var cart = NewCart();
        cart.AddItem("A", 60, Now);

        Assert.Throws<CartQuantityException>(() => cart.AddItem("A", 40, Now));
        Assert.Equal(60, cart.Find("A")!.Quantity);
    }

    [Fact]
    public void SetQuantity_AndRemove_NeedAnExistingLine()
    {
        var cart = NewCart();
        cart.AddItem("A", 1, Now);

        cart.SetQuantity("A", 7, Now);
        Assert.Equal(7, cart.Find("A")!.Quantity);
        Assert.Throws<CartLineNotFoundException>(() => cart.SetQuantity("B", 1, Now));
        Assert.Throws<CartLineNotFoundException>(() => cart.RemoveItem("B", Now));
        cart.RemoveItem("A", Now);
        Assert.Empty(cart.Lines);
    }

    [Fact]
    public void ACart_HoldsAtMost50Lines()
    {
        var cart = NewCart();
        for (var i = 0; i < Cart.MaxLines; i++)
        {
            cart.AddItem("SKU" + i, 1, Now);
        }

        Assert.Throws<CartLimitException>(() => cart.AddItem("ONE-MORE", 1, Now));
    }

    [Fact]
    public void Expiry_IsSevenDaysAfterTheLastChange_AndMovesWithActivity()
    {
        var cart = NewCart();
        Assert.Equal(Now.AddDays(7), cart.ExpiresAt);

        cart.AddItem("A", 1, Now.AddDays(6));

        Assert.Equal(Now.AddDays(13), cart.ExpiresAt);
        Assert.Equal(CartStatus.Open, cart.StatusAt(Now.AddDays(12)));
        Assert.Equal(CartStatus.Expired, cart.StatusAt(Now.AddDays(13)));
    }

    [Fact]
    public void AnExpiredCart_RefusesEveryChange()
    {
        var cart = NewCart();
        cart.AddItem("A", 1, Now);
        var later = Now.AddDays(8);

        var closed = Assert.Throws<CartClosedException>(() => cart.AddItem("B", 1, later));
        Assert.Equal(CartStatus.Expired, closed.Status);
        Assert.Throws<CartClosedException>(() => cart.SetQuantity("A", 2, later));
        Assert.Throws<CartClosedException>(() => cart.RemoveItem("A", later));
        Assert.Throws<CartClosedException>(() => cart.SetEmail("a@example.com", later));
        Assert.Throws<CartClosedException>(() => cart.CheckOut("order-1", later));
        cart.Expire(later);
        Assert.Equal(CartStatus.Expired, cart.Status);
    }

    [Fact]
    public void Expire_BeforeTheExpiry_IsRefused()
    {
        Assert.Throws<CartClosedException>(() => NewCart().Expire(Now.AddDays(1)));
    }

    [Fact]
    public void CheckOut_ClosesTheCart_ForOneOrderOnly()
    {
        var cart = NewCart();
        Assert.Throws<CartLimitException>(() => cart.CheckOut("order-1", Now));
        cart.AddItem("A", 1, Now);

        cart.CheckOut("order-1", Now);
        cart.CheckOut("order-1", Now);

        Assert.Equal(CartStatus.CheckedOut, cart.StatusAt(Now.AddYears(1)));
        Assert.Equal("order-1", cart.OrderId);
        Assert.Throws<CartClosedException>(() => cart.CheckOut("order-2", Now));
        Assert.Throws<CartClosedException>(() => cart.AddItem("B", 1, Now));
        Assert.Throws<CartClosedException>(() => cart.SetDestination(ShippingDestination.Create("US", "10001", "NY"), Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("a@b")]
    [InlineData("Someone <a@example.com>")]
    public void SetEmail_RefusesWhatIsNotAnAddress(string email)
    {
        var error = Assert.Throws<ArgumentException>(() => NewCart().SetEmail(email, Now));

        Assert.Equal("email", error.ParamName);
    }

    [Fact]
    public void Destination_IsNormalized_AndCheckedFieldByField()
    {
        var destination = ShippingDestination.Create(" us ", "94103", "ca");

        Assert.Equal("US", destination.Country);
        Assert.Equal("CA", destination.Region);
        Assert.Equal("country", Assert.Throws<ArgumentException>(() => ShippingDestination.Create("USA", "94103", null)).ParamName);
        Assert.Equal("postalCode", Assert.Throws<ArgumentException>(() => ShippingDestination.Create("US", "", null)).ParamName);
        Assert.Equal("region", Assert.Throws<ArgumentException>(() => ShippingDestination.Create("US", "94103", "C'A")).ParamName);
    }
}

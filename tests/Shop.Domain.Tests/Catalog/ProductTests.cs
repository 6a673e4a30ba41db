using Shop.Domain.Catalog;
using Shop.Domain.Common;

namespace Shop.Domain.Tests.Catalog;

public sealed class ProductTests
{
    [Fact]
    public void Skus_AreUpperCased_AndRestrictedToSafeCharacters()
    {
        Assert.True(Skus.TryNormalize(" mug-01 ", out var sku));
        Assert.Equal("MUG-01", sku);
        Assert.False(Skus.TryNormalize("a'b", out _));
        Assert.False(Skus.TryNormalize("a/b", out _));
        Assert.False(Skus.TryNormalize(new string('A', 65), out _));
    }

    [Fact]
    public void Create_ChecksEveryField()
    {
        var price = new Money(10m, "USD");

        Assert.Equal("name", Assert.Throws<ArgumentException>(() => Product.Create("A", " ", "", "Kitchen", price, 100, null)).ParamName);
        Assert.Equal("category", Assert.Throws<ArgumentException>(() => Product.Create("A", "Mug", "", "", price, 100, null)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => Product.Create("A", "Mug", "", "Kitchen", Money.Zero("USD"), 100, null));
        Assert.Throws<ArgumentOutOfRangeException>(() => Product.Create("A", "Mug", "", "Kitchen", price, -1, null));
        Assert.Throws<ArgumentException>(() => Product.Create("A", "Mug", "", "Kitchen", price, 1, [new Uri("ftp://example.com/a.png")]));
    }

    [Fact]
    public void Deactivate_KeepsTheProduct_ButMarksItInactive()
    {
        var product = Product.Create("A", "Mug", "", "Kitchen", new Money(10m, "USD"), 100, null);

        product.Deactivate();

        Assert.False(product.Active);
        Assert.Equal("A", product.Sku);
        Assert.Equal("KITCHEN", product.CategoryKey);
    }
}

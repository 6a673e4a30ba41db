using Shop.Domain.Common;
using Shop.Domain.Orders;

namespace Shop.Domain.Tests.Orders;

public sealed class OrderValidatorTests
{
    private static readonly OrderRulesOptions Rules = new() { MaxOrderValue = 1000m, HighRiskCountries = "NL", MaxOrdersPerEmailPerHour = 3 };

    private static Dictionary<string, Money> Prices(decimal price) => new() { ["MUG-1"] = new Money(price, "USD") };

    [Fact]
    public void ValidOrder_HasNoFailures() =>
        Assert.Empty(OrderValidator.Validate(OrderTests.NewOrder(), Prices(20m), 0, Rules));

    [Theory]
    [InlineData("US", "1234", "shippingAddress.postalCode")]
    [InlineData("US", "ABCDE", "shippingAddress.postalCode")]
    [InlineData("CA", "12345", "shippingAddress.postalCode")]
    [InlineData("ZZ", "12345", "shippingAddress.country")]
    public void Address_WithAnInvalidPostalCodeOrCountry_NamesTheField(string country, string postalCode, string field)
    {
        var failures = OrderValidator.ValidateAddress(new ShippingAddress("A", "1 St", null, "City", "IL", postalCode, country), Rules);

        Assert.Contains(failures, f => f.Field == field);
    }

    [Theory]
    [InlineData("CA", "K1A 0B1")]
    [InlineData("GB", "SW1A 1AA")]
    [InlineData("US", "62701-1234")]
    public void Address_WithAValidPostalCode_Passes(string country, string postalCode) =>
        Assert.Empty(OrderValidator.ValidateAddress(new ShippingAddress("A", "1 St", null, "City", "IL", postalCode, country), Rules));

    [Fact]
    public void Address_MissingFields_NamesEachOne()
    {
        var failures = OrderValidator.ValidateAddress(new ShippingAddress(" ", "", null, "", null, "", "US"), Rules);

        Assert.Equal(
            ["shippingAddress.city", "shippingAddress.line1", "shippingAddress.name", "shippingAddress.postalCode", "shippingAddress.region"],
            failures.Select(f => f.Field).Order());
    }

    [Fact]
    public void ChangedPrice_IsRefused_WithBothPricesInTheReason()
    {
        var failure = Assert.Single(OrderValidator.Validate(OrderTests.NewOrder(unitPrice: 20m), Prices(25m), 0, Rules));

        Assert.Equal("lines.MUG-1", failure.Field);
        Assert.Contains("$20.00", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("$25.00", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InactiveProduct_IsRefused() =>
        Assert.Contains(OrderValidator.Validate(OrderTests.NewOrder(), new Dictionary<string, Money>(), 0, Rules), f => f.Field == "lines.MUG-1");

    [Fact]
    public void OrderAboveTheCeiling_IsRefused() =>
        Assert.Contains(OrderValidator.Validate(OrderTests.NewOrder(unitPrice: 600m), Prices(600m), 0, Rules), f => f.Field == "total");

    [Fact]
    public void TooManyOrdersFromOneEmail_IsRefused() =>
        Assert.Contains(OrderValidator.Validate(OrderTests.NewOrder(), Prices(20m), 3, Rules), f => f.Field == "email");
}

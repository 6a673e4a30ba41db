using Shop.Domain.Carts;
using Shop.Domain.Common;
using Shop.Domain.Pricing;

namespace Shop.Domain.Tests.Pricing;

public sealed class PriceCalculatorTests
{
    private readonly PriceCalculator _calculator = new(new PricingOptions());

    private static PricedLine Line(decimal price, int quantity, int grams) => new("SKU", quantity, new Money(price, "USD"), grams);

    private static ShippingDestination To(string country, string? region = null) => ShippingDestination.Create(country, "12345", region);

    [Fact]
    public void Zones_AreHomeCountry_Neighbours_AndTheRest()
    {
        Assert.Equal(ShippingZone.Domestic, _calculator.ZoneOf("us"));
        Assert.Equal(ShippingZone.Regional, _calculator.ZoneOf("CA"));
        Assert.Equal(ShippingZone.Regional, _calculator.ZoneOf("MX"));
        Assert.Equal(ShippingZone.International, _calculator.ZoneOf("DE"));
    }

    [Fact]
    public void DomesticShipping_IsBasePlusPerStartedKilogram()
    {
        var totals = _calculator.Price([Line(10m, 2, 750)], To("US", "OR"));

        Assert.Equal(new Money(20m, "USD"), totals.Subtotal);
        Assert.Equal(new Money(5.99m + 2m, "USD"), totals.Shipping);
        Assert.Equal(1500, totals.TotalWeightGrams);
        Assert.Equal(new Money(27.99m, "USD"), totals.Total);
    }

    [Fact]
    public void DomesticShipping_IsFree_FromTheThreshold()
    {
        Assert.False(_calculator.Price([Line(74.99m, 1, 100)], To("US", "OR")).FreeShipping);
        var atThreshold = _calculator.Price([Line(75m, 1, 100)], To("US", "OR"));

        Assert.True(atThreshold.FreeShipping);
        Assert.Equal(Money.Zero("USD"), atThreshold.Shipping);
        Assert.Equal(new Money(75m, "USD"), atThreshold.Total);
    }

    [Fact]
    public void RegionalAndInternationalShipping_HaveTheirOwnRates_AndNoFreeShipping()
    {
        var regional = _calculator.Price([Line(100m, 1, 1500)], To("CA"));
        var international = _calculator.Price([Line(100m, 1, 1000)], To("DE"));

        Assert.Equal(new Money(14.99m + 8m, "USD"), regional.Shipping);
        Assert.Equal(new Money(29.99m + 9m, "USD"), international.Shipping);
        Assert.False(regional.FreeShipping);
    }

    [Theory]
    [InlineData("CA", "7.25")]
    [InlineData("NY", "4.00")]
    [InlineData("TX", "6.25")]
    [InlineData("OR", "0")]
    public void Tax_FollowsTheDestinationState(string state, string expected)
    {
        var totals = _calculator.Price([Line(100m, 1, 100)], To("US", state));

        Assert.Equal(new Money(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), "USD"), totals.Tax);
        Assert.Equal(totals.Subtotal + totals.Shipping!.Value + totals.Tax!.Value, totals.Total);
    }

    [Fact]
    public void Tax_RoundsToCents_WithBankersRounding()
    {
        var totals = _calculator.Price([Line(50m, 1, 100)], To("US", "CA"));

        Assert.Equal(new Money(3.62m, "USD"), totals.Tax);
    }

    [Fact]
    public void Abroad_NoTaxIsCharged()
    {
        Assert.Equal(Money.Zero("USD"), _calculator.Price([Line(100m, 1, 100)], To("DE")).Tax);
    }

    [Fact]
    public void WithoutDestination_ThereIsNoShippingOrTax_AndTheTotalIsTheSubtotal()
    {
        var totals = _calculator.Price([Line(12.5m, 2, 100), Line(1m, 3, 10)], null);

        Assert.Null(totals.Shipping);
        Assert.Null(totals.Tax);
        Assert.Equal(new Money(28m, "USD"), totals.Total);
        Assert.Equal(5, totals.ItemCount);
    }

    [Fact]
    public void Options_SetAnotherHomeCountry_WithItsOwnTaxTable_AndShippingTaxed()
    {
        var calculator = new PriceCalculator(new PricingOptions
        {
            Currency = "CAD",
            HomeCountry = "CA",
            RegionalCountries = "US",
            FreeShippingThreshold = 0m,
            TaxShipping = true,
            TaxRates = new() { ["ON"] = 0.13m, ["AB"] = 0.05m },
        });

        var totals = calculator.Price([new PricedLine("SKU", 1, new Money(100m, "CAD"), 500)], ShippingDestination.Create("CA", "M5V 2T6", "ON"));

        Assert.Equal(ShippingZone.Domestic, totals.Zone);
        Assert.Equal(new Money(6.99m, "CAD"), totals.Shipping);
        Assert.Equal(new Money(13.91m, "CAD"), totals.Tax);
        Assert.False(calculator.IsKnownRegion(ShippingDestination.Create("CA", "M5V 2T6", "CA")));
    }

    [Fact]
    public void HomeDestinations_NeedAKnownRegion()
    {
        Assert.False(_calculator.IsKnownRegion(To("US")));
        Assert.False(_calculator.IsKnownRegion(To("US", "ZZ")));
        Assert.True(_calculator.IsKnownRegion(To("US", "ny")));
        Assert.True(_calculator.IsKnownRegion(To("FR")));
    }

    [Fact]
    public void InvalidOptions_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => new PriceCalculator(new PricingOptions { Currency = "XYZ" }));
        Assert.Throws<ArgumentException>(() => new PriceCalculator(new PricingOptions { TaxRates = new() { ["CA"] = 7.25m } }));
        Assert.Throws<ArgumentException>(() => new PriceCalculator(new PricingOptions { FreeShippingZones = "Moon" }));
    }
}

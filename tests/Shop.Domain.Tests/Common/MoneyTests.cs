using Shop.Domain.Common;

namespace Shop.Domain.Tests.Common;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("0.125", "USD", "0.12")]
    [InlineData("0.135", "USD", "0.14")]
    [InlineData("2.5", "JPY", "2")]
    [InlineData("3.5", "JPY", "4")]
    [InlineData("1.0005", "BHD", "1.000")]
    [InlineData("1.0015", "BHD", "1.002")]
    public void Amounts_RoundToTheCurrencysMinorUnit_WithBankersRounding(string amount, string currency, string expected)
    {
        var money = new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency);

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), money.Amount);
    }

    [Fact]
    public void Multiplying_ByARate_RoundsTheResult()
    {
        var tax = new Money(50m, "USD") * 0.0725m;

        Assert.Equal(3.62m, tax.Amount);
    }

    [Fact]
    public void Combining_TwoCurrencies_IsRefused()
    {
        var dollars = new Money(1m, "USD");
        var euros = new Money(1m, "EUR");

        Assert.Throws<InvalidOperationException>(() => dollars + euros);
        Assert.Throws<InvalidOperationException>(() => dollars - euros);
        Assert.Throws<InvalidOperationException>(() => dollars < euros);
    }

    [Fact]
    public void Currency_IsNormalized_AndUnknownOnesRefused()
    {
        Assert.Equal("USD", new Money(1m, "usd").Currency);
        Assert.Throws<ArgumentException>(() => new Money(1m, "XXX"));
    }

    [Fact]
    public void MinorUnits_AndFormat_FollowTheCurrency()
    {
        Assert.Equal(1250, new Money(12.50m, "USD").MinorUnits);
        Assert.Equal(1250, new Money(1250m, "JPY").MinorUnits);
        Assert.Equal("$1,234.50", new Money(1234.5m, "USD").Format());
        Assert.Equal(new Money(12.34m, "USD"), Money.FromMinorUnits(1234, "USD"));
    }
}

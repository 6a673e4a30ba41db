using System.Globalization;
using Shop.Domain.Common;

namespace Shop.Functions.Catalog;

/// <summary>An amount of money: the decimal amount, its ISO 4217 currency, and how a customer reads it.</summary>
public sealed record MoneyDto(decimal Amount, string Currency, string Formatted)
{
    /// <summary>The amount is written with the currency's minor digits (<c>48.00</c>, not <c>48</c>).</summary>
    public static MoneyDto From(Money money) =>
        new(decimal.Parse(money.ToString().Split(' ')[0], CultureInfo.InvariantCulture), money.Currency, money.Format());

    public static MoneyDto? From(Money? money) => money is { } m ? From(m) : null;
}

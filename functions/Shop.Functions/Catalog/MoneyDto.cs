using Shop.Domain.Common;

namespace Shop.Functions.Catalog;

/// <summary>An amount of money: the decimal amount, its ISO 4217 currency, and how a customer reads it.</summary>
public sealed record MoneyDto(decimal Amount, string Currency, string Formatted)
{
    public static MoneyDto From(Money money) => new(money.Amount, money.Currency, money.Format());

    public static MoneyDto? From(Money? money) => money is { } m ? From(m) : null;
}

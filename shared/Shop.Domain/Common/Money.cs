using System.Globalization;
using System.Text.Json.Serialization;

namespace Shop.Domain.Common;

/// <summary>
/// An amount of money in one currency. Amounts are <see cref="decimal"/>, rounded to the currency's minor
/// unit with banker's rounding (to even) on every operation that can produce sub-unit values.
/// Arithmetic between two currencies is refused.
/// </summary>
public readonly record struct Money : IComparable<Money>
{
    [JsonConstructor]
    public Money(decimal amount, string currency)
    {
        Currency = Currencies.Normalize(currency);
        Amount = decimal.Round(amount, Currencies.MinorUnits(Currency), MidpointRounding.ToEven);
    }

    public decimal Amount { get; }

    /// <summary>ISO 4217 code, upper case.</summary>
    public string Currency { get; }

    /// <summary>The amount in minor units (cents), as payment APIs take it.</summary>
    public long MinorUnits => (long)(Amount * Pow10(Currencies.MinorUnits(Currency)));

    public static Money Zero(string currency) => new(0m, currency);

    public static Money FromMinorUnits(long minorUnits, string currency)
    {
        var code = Currencies.Normalize(currency);
        return new Money(minorUnits / Pow10(Currencies.MinorUnits(code)), code);
    }

    public static Money operator +(Money left, Money right) => new(left.Amount + right.SameCurrency(left).Amount, left.Currency);

    public static Money operator -(Money left, Money right) => new(left.Amount - right.SameCurrency(left).Amount, left.Currency);

    public static Money operator *(Money money, int quantity) => new(money.Amount * quantity, money.Currency);

    public static Money operator *(Money money, decimal factor) => new(money.Amount * factor, money.Currency);

    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    public static Money Add(Money left, Money right) => left + right;

    public static Money Subtract(Money left, Money right) => left - right;

    public static Money Multiply(Money money, int quantity) => money * quantity;

    public int CompareTo(Money other) => Amount.CompareTo(other.SameCurrency(this).Amount);

    /// <summary>Formats for a customer, e.g. <c>$12.50</c>, <c>€12.50</c>, <c>¥1,250</c>.</summary>
    public string Format()
    {
        var digits = Currencies.MinorUnits(Currency);
        var number = Amount.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return Currencies.Symbol(Currency) is { } symbol ? symbol + number : number + " " + Currency;
    }

    public override string ToString() => Amount.ToString("F" + Currencies.MinorUnits(Currency).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + Currency;

    private Money SameCurrency(Money other) => Currency == other.Currency
        ? this
        : throw new InvalidOperationException($"Cannot combine {Currency} with {other.Currency}.");

    private static decimal Pow10(int digits)
    {
        var result = 1m;
        for (var i = 0; i < digits; i++)
        {
            result *= 10m;
        }

        return result;
    }
}

using System.Text.RegularExpressions;
using Shop.Domain.Common;

namespace Shop.Domain.Orders;

/// <summary>
/// The validation and fraud rules of a new order: required address fields, a supported country, the
/// postal-code format of that country, active lines at the current catalog price, an order-value ceiling,
/// high-risk destinations and an orders-per-email-per-hour limit.
/// </summary>
public static partial class OrderValidator
{
    private static readonly Dictionary<string, Regex> PostalCodes = new(StringComparer.Ordinal)
    {
        ["US"] = UsZip(),
        ["CA"] = CanadaPostalCode(),
        ["MX"] = FiveDigits(),
        ["DE"] = FiveDigits(),
        ["FR"] = FiveDigits(),
        ["GB"] = UkPostcode(),
        ["NL"] = DutchPostcode(),
    };

    /// <summary>The address rules alone (also used at checkout, before anything is written).</summary>
    public static IReadOnlyList<OrderValidationFailure> ValidateAddress(ShippingAddress? address, OrderRulesOptions rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var failures = new List<OrderValidationFailure>();
        if (address is null)
        {
            failures.Add(new("shippingAddress", "A shipping address is required."));
            return failures;
        }

        Required(address.Name, "shippingAddress.name", "name", failures);
        Required(address.Line1, "shippingAddress.line1", "street address", failures);
        Required(address.City, "shippingAddress.city", "city", failures);
        Required(address.PostalCode, "shippingAddress.postalCode", "postal code", failures);
        Required(address.Country, "shippingAddress.country", "country", failures);
        if (string.IsNullOrWhiteSpace(address.Country))
        {
            return failures;
        }

        var country = address.Country.Trim().ToUpperInvariant();
        if (!rules.SupportedCountrySet.Contains(country))
        {
            failures.Add(new("shippingAddress.country", $"We do not ship to '{address.Country}'."));
        }
        else if (!string.IsNullOrWhiteSpace(address.PostalCode)
            && PostalCodes.TryGetValue(country, out var pattern)
            && !pattern.IsMatch(address.PostalCode.Trim()))
        {
            failures.Add(new("shippingAddress.postalCode", $"'{address.PostalCode}' is not a valid postal code for {country}."));
        }

        if (country == "US" && string.IsNullOrWhiteSpace(address.Region))
        {
            failures.Add(new("shippingAddress.region", "A state is required for US addresses."));
        }

        return failures;
    }

    /// <summary>Every rule for a placed order. <paramref name="catalogPrices"/> holds the current price of each active SKU.</summary>
    public static IReadOnlyList<OrderValidationFailure> Validate(
        Order order,
        IReadOnlyDictionary<string, Money> catalogPrices,
        int ordersFromEmailInLastHour,
        OrderRulesOptions rules)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(catalogPrices);
        ArgumentNullException.ThrowIfNull(rules);
        var failures = new List<OrderValidationFailure>(ValidateAddress(order.ShippingAddress, rules));
        foreach (var line in order.Lines)
        {
            if (!catalogPrices.TryGetValue(line.Sku, out var price))
            {
                failures.Add(new($"lines.{line.Sku}", $"'{line.Name}' is no longer sold."));
            }
            else if (price != line.UnitPrice)
            {
                failures.Add(new($"lines.{line.Sku}", $"The price of '{line.Name}' changed from {line.UnitPrice.Format()} to {price.Format()}."));
            }
        }

        if (order.Totals.Total.Amount > rules.MaxOrderValue)
        {
            failures.Add(new("total", $"Orders above {new Money(rules.MaxOrderValue, order.Totals.Total.Currency).Format()} need to be placed with our sales team."));
        }

        if (rules.HighRiskCountrySet.Contains(order.ShippingAddress.Country.Trim().ToUpperInvariant()))
        {
            failures.Add(new("shippingAddress.country", "We cannot accept online orders to this destination."));
        }

        if (ordersFromEmailInLastHour >= rules.MaxOrdersPerEmailPerHour)
        {
            failures.Add(new("email", "Too many orders from this email address in the last hour; please try again later."));
        }

        return failures;
    }

    private static void Required(string? value, string field, string label, List<OrderValidationFailure> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add(new(field, $"The {label} is required."));
        }
    }

    [GeneratedRegex(@"^\d{5}(-\d{4})?$")]
    private static partial Regex UsZip();

    [GeneratedRegex(@"^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$")]
    private static partial Regex CanadaPostalCode();

    [GeneratedRegex(@"^\d{5}$")]
    private static partial Regex FiveDigits();

    [GeneratedRegex(@"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$")]
    private static partial Regex UkPostcode();

    [GeneratedRegex(@"^\d{4} ?[A-Za-z]{2}$")]
    private static partial Regex DutchPostcode();
}

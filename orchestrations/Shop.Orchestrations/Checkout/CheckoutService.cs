using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Shop.Domain.Carts;
using Shop.Domain.Common;
using Shop.Domain.Orders;
using Shop.Infrastructure.Checkout;
using Shop.Infrastructure.Carts;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Checkout;

/// <summary>
/// Places an order from a cart and starts its workflow. Every step is safe to repeat, so a retried request (same
/// idempotency key) or a crash at any point never loses the order nor places it twice:
/// 1. the idempotency key is claimed (or the first request's order id found; another body under the key → 422);
/// 2. the cart is checked out as that order, conditional on the version that was priced;
/// 3. the order is stored and 4. its workflow is started (a start of an existing workflow is a no-op), both at once:
/// the workflow's steps wait for the order's insert in this process, and retry (transiently) an order not stored,
/// so a crash between the two leaves a workflow that the checkout's retry gives its order.
/// A retry finds the cart already checked out as the same order and completes steps 3–4 (in order).
/// </summary>
public sealed partial class CheckoutService(
    CartService carts,
    IOrderStore orders,
    CheckoutRequestStore requests,
    IOrderWorkflow workflow,
    IOptions<OrderWorkflowOptions> workflowOptions,
    TimeProvider time)
{
    private const int MaxAttempts = 5;

    public async Task<CheckoutResult> CheckoutAsync(CheckoutCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        Validate(command);
        var orderId = OrderIds.New(time.GetUtcNow());
        // The key's claim and the cart's first read do not depend on each other: both at once.
        var firstRead = carts.GetAsync(command.CartId, cancellationToken);
        if (command.IdempotencyKey is { } key)
        {
            var claiming = requests.ClaimAsync(key, command.RequestHash, command.CartId, orderId, cancellationToken);
            await Task.WhenAll(claiming, firstRead);
            var claimed = await claiming;
            if (claimed.RequestHash != command.RequestHash)
            {
                throw new IdempotencyKeyReusedException();
            }

            orderId = claimed.OrderId;
        }

        for (var attempt = 1; ; attempt++)
        {
            var stored = attempt == 1 ? await firstRead : await carts.GetAsync(command.CartId, cancellationToken);
            var cart = stored.Cart;
            if (cart.Status == CartStatus.CheckedOut)
            {
                var placedAs = cart.OrderId!;
                var resumable = placedAs == orderId
                    || (command.IdempotencyKey is null && !await workflow.ExistsAsync(placedAs, cancellationToken));
                if (!resumable)
                {
                    throw new CartCheckedOutException();
                }

                return await CompleteAsync(placedAs, cart, command, null, cancellationToken);
            }

            try
            {
                // Ship where the order ships (shipping and tax follow), and close the cart, in one conditional write;
                // price the closed cart meanwhile (the price is used only if the write wins).
                var address = Normalize(command.ShippingAddress!);
                var destination = ShippingDestination.Create(address.Country, address.PostalCode, address.Region);
                var now = time.GetUtcNow();
                if (cart.Destination != destination)
                {
                    cart.SetDestination(destination, now);
                }

                cart.CheckOut(orderId, now);
                var closing = carts.SaveAsync(stored, cancellationToken);
                var pricing = carts.QuoteAsync(cart, fromStorage: true, cancellationToken);
                await Task.WhenAll(closing, pricing);
                return await CompleteAsync(orderId, cart, command, await pricing, cancellationToken);
            }
            catch (CartVersionMismatchException) when (attempt < MaxAttempts)
            {
                // The cart changed since it was read: read and price it again.
            }
        }
    }

    /// <summary>
    /// Steps 3–4: store the order (from the checked-out cart) and start its workflow; both idempotent.
    /// <paramref name="fresh"/>: the quote of a cart this call has just closed (so no order can be stored yet), or
    /// null when resuming an earlier attempt, which must look for the order first.
    /// </summary>
    private async Task<CheckoutResult> CompleteAsync(string orderId, Cart cart, CheckoutCommand command, CartQuote? fresh, CancellationToken cancellationToken)
    {
        var order = fresh is not null ? null : await orders.GetAsync(orderId, cancellationToken);
        if (order is null)
        {
            var quote = fresh ?? await carts.QuoteAsync(cart, fromStorage: true, cancellationToken);
            var currency = quote.Totals.Total.Currency;
            var lines = quote.Lines.Select(l => new OrderLine(l.Sku, l.Name ?? l.Sku, l.Quantity, l.UnitPrice ?? Money.Zero(currency))).ToList();
            var totals = new OrderTotals(
                quote.Totals.Subtotal,
                quote.Totals.Shipping ?? Money.Zero(currency),
                quote.Totals.Tax ?? Money.Zero(currency),
                quote.Totals.Total);
            order = Order.Place(orderId, cart.Id, command.Email!.Trim(), Normalize(command.ShippingAddress!), lines, totals, command.PaymentMethod!.Trim(), time.GetUtcNow());
            var storing = orders.CreateAsync(order, cancellationToken);
            if (fresh is not null)
            {
                // A cart this call has just closed has no workflow yet: store the order and start it at once. The
                // workflow's first steps wait for an insert still under way in this process (IOrderStore.GetLatestAsync).
                await Task.WhenAll(storing, StartAsync(order, command, cancellationToken));
                return new CheckoutResult(orderId, "placed");
            }

            await storing;
        }

        await StartAsync(order, command, cancellationToken);
        return new CheckoutResult(orderId, "placed");
    }

    private Task StartAsync(Order order, CheckoutCommand command, CancellationToken cancellationToken)
    {
        long? expected = command.ExpectedTotal is { } total ? new Money(total, order.Totals.Total.Currency).MinorUnits : null;
        return workflow.StartAsync(OrderWorkflowInput.For(order.Id, expected, workflowOptions.Value), cancellationToken);
    }

    private static ShippingAddress Normalize(ShippingAddress a) => new(
        a.Name.Trim(),
        a.Line1.Trim(),
        string.IsNullOrWhiteSpace(a.Line2) ? null : a.Line2.Trim(),
        a.City.Trim(),
        string.IsNullOrWhiteSpace(a.Region) ? null : a.Region.Trim().ToUpperInvariant(),
        a.PostalCode.Trim().ToUpperInvariant(),
        a.Country.Trim().ToUpperInvariant());

    /// <summary>Refuses malformed input before anything is written: every field at fault is named.</summary>
    private static void Validate(CheckoutCommand command)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        void Fail(string field, string message) => errors[field] = [message];

        if (string.IsNullOrWhiteSpace(command.Email))
        {
            Fail("email", "The email is required.");
        }
        else if (command.Email.Length > 254 || !MailAddress.TryCreate(command.Email.Trim(), out var parsed) || parsed.Address != command.Email.Trim())
        {
            Fail("email", "The email is not a valid address.");
        }

        if (string.IsNullOrWhiteSpace(command.PaymentMethod))
        {
            Fail("paymentMethod", "The payment method is required.");
        }
        else if (!PaymentMethodPattern().IsMatch(command.PaymentMethod.Trim()))
        {
            Fail("paymentMethod", "The payment method must be a payment method id such as pm_card_visa.");
        }

        if (command.ExpectedTotal is < 0)
        {
            Fail("expectedTotal", "The expected total cannot be negative.");
        }

        if (command.IdempotencyKey is { } key && (key.Length is 0 or > 255 || key.Any(char.IsControl)))
        {
            Fail("Idempotency-Key", "The Idempotency-Key header must be 1 to 255 printable characters.");
        }

        if (command.ShippingAddress is not { } a)
        {
            Fail("shippingAddress", "The shipping address is required.");
        }
        else
        {
            Required(a.Name, "shippingAddress.name", 200);
            Required(a.Line1, "shippingAddress.line1", 200);
            Optional(a.Line2, "shippingAddress.line2", 200);
            Required(a.City, "shippingAddress.city", 100);
            Optional(a.Region, "shippingAddress.region", 50);
            Required(a.PostalCode, "shippingAddress.postalCode", 16);
            if (!string.IsNullOrWhiteSpace(a.PostalCode) && !PostalCodePattern().IsMatch(a.PostalCode.Trim()))
            {
                Fail("shippingAddress.postalCode", "The postal code must be 2 to 16 letters, digits, spaces or dashes.");
            }

            if (!string.IsNullOrWhiteSpace(a.Region) && !RegionPattern().IsMatch(a.Region.Trim()))
            {
                Fail("shippingAddress.region", "The region must be 1 to 10 letters or digits, e.g. CA.");
            }

            Required(a.Country, "shippingAddress.country", 2);
            if (!string.IsNullOrWhiteSpace(a.Country) && !CountryPattern().IsMatch(a.Country.Trim()))
            {
                Fail("shippingAddress.country", "The country must be a two-letter ISO 3166-1 code, e.g. US.");
            }
        }

        if (errors.Count > 0)
        {
            throw new FieldValidationException(errors);
        }

        void Required(string? value, string field, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Fail(field, $"'{field}' is required.");
            }
            else
            {
                Optional(value, field, max);
            }
        }

        void Optional(string? value, string field, int max)
        {
            if (value is not null && value.Trim().Length > max)
            {
                Fail(field, $"'{field}' is longer than {max} characters.");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex PaymentMethodPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 -]{0,14}[A-Za-z0-9]$")]
    private static partial Regex PostalCodePattern();

    [GeneratedRegex("^[A-Za-z0-9]{1,10}$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^[A-Za-z]{2}$")]
    private static partial Regex CountryPattern();
}

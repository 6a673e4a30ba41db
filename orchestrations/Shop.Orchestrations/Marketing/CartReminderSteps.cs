using Microsoft.Extensions.Options;
using Shop.Domain.Carts;
using Shop.Domain.Email;
using Shop.Infrastructure.Carts;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Marketing;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Marketing;

/// <summary>
/// The send step of the abandoned-cart reminders. Before each email it reads the cart (one point read) and the
/// suppression list (one point read) and stops for a cart checked out, emptied, expired or gone, or an address that
/// unsubscribed; a cart changed since answers when it will have been left long enough. The email (lines and subtotal
/// at current prices, a link back to the cart, an unsubscribe link) carries an idempotency key per cart and reminder,
/// so a step run twice sends once.
/// </summary>
public sealed class CartReminderSteps(
    CartService carts,
    SuppressionList suppressions,
    UnsubscribeTokens unsubscribeTokens,
    EmailDelivery email,
    IOptions<OrderWorkflowOptions> workflow,
    TimeProvider time)
{
    public async Task<SequenceStepOutcome> SendAsync(CartReminderStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        Cart cart;
        try
        {
            cart = (await carts.GetAsync(step.CartId, cancellationToken)).Cart;
        }
        catch (CartNotFoundException)
        {
            return SequenceStepOutcome.Stop("the cart is gone");
        }

        var now = time.GetUtcNow();
        switch (cart.StatusAt(now))
        {
            case CartStatus.CheckedOut:
                return SequenceStepOutcome.Stop("checkout");
            case CartStatus.Expired:
                return SequenceStepOutcome.Stop("the cart expired");
        }

        if (cart.Lines.Count == 0)
        {
            return SequenceStepOutcome.Stop("emptied");
        }

        if (cart.Email is not { } address)
        {
            return SequenceStepOutcome.Stop("the cart has no email");
        }

        if (await suppressions.IsSuppressedAsync(address, cancellationToken))
        {
            return SequenceStepOutcome.Stop("unsubscribe");
        }

        if (!unsubscribeTokens.CanIssue)
        {
            return SequenceStepOutcome.Stop("no unsubscribe link can be issued (Marketing__UnsubscribeSecret)");
        }

        if (step.NotBefore is { } notBefore)
        {
            var dueAt = Max(notBefore, cart.LastActivityAt + step.InactiveFor);
            if (dueAt > now)
            {
                return SequenceStepOutcome.NotBefore(dueAt);
            }
        }

        var quote = await carts.QuoteAsync(cart, cancellationToken);
        var lines = quote.Lines
            .Where(l => l.Purchasable && l.UnitPrice is not null)
            .Select(l => new EmailOrderLine(l.Sku, l.Name ?? l.Sku, l.Quantity, l.UnitPrice!.Value))
            .ToList();
        if (lines.Count == 0)
        {
            return SequenceStepOutcome.Stop("nothing in the cart can be bought any more");
        }

        var baseUrl = workflow.Value.PublicBaseUrl;
        var model = new AbandonedCartEmail(cart.Id, null, lines, quote.Totals.Subtotal, new Uri(baseUrl, $"#/cart/{cart.Id}"))
        {
            UnsubscribeUrl = new Uri(baseUrl, "#/unsubscribe?token=" + Uri.EscapeDataString(unsubscribeTokens.Issue(address, AbandonedCartReminders.InstanceId(cart.Id)))),
        };
        await email.SendAsync(new EmailRecipient(address), model, $"cart:{cart.Id}:reminder:{step.Number}", cancellationToken);
        return SequenceStepOutcome.WasSent;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

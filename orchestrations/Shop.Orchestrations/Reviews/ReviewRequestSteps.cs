using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Domain.Orders;
using Shop.Infrastructure.Email;
using Shop.Infrastructure.Marketing;
using Shop.Infrastructure.Reviews;
using Shop.Orchestrations.Marketing;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Reviews;

/// <summary>
/// The send step of the review requests. Before each email it checks, with point reads, every reason to stop: the
/// order is no longer delivered, a return was requested (the returns workflow notes <c>return_…</c> steps on the
/// order's timeline), any line was reviewed (one review is enough: the customer has answered; the links already sent
/// still let them review the other lines), or the address is on the suppression list. The email carries a signed
/// review link per line and an unsubscribe link, and an idempotency key per order and email number, so a step run
/// twice sends once.
/// </summary>
public sealed class ReviewRequestSteps(
    IOrderStore orders,
    ReviewStore reviews,
    ReviewTokens reviewTokens,
    SuppressionList suppressions,
    UnsubscribeTokens unsubscribeTokens,
    EmailDelivery email,
    IOptions<OrderWorkflowOptions> workflow)
{
    public async Task<SequenceStepOutcome> SendAsync(ReviewRequestStep step, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(step);
        var order = await orders.GetLatestAsync(step.OrderId, cancellationToken);
        if (order is null)
        {
            return SequenceStepOutcome.Stop("the order is not stored");
        }

        if (order.Status != OrderStatus.Delivered)
        {
            return SequenceStepOutcome.Stop($"the order is {order.Status}");
        }

        if (order.Timeline.Any(e => e.Step.StartsWith("return", StringComparison.Ordinal)))
        {
            return SequenceStepOutcome.Stop("return");
        }

        var reviewed = reviews.HasAnyAsync(order.Id, cancellationToken);
        var suppressed = suppressions.IsSuppressedAsync(order.Email, cancellationToken);
        if (await reviewed)
        {
            return SequenceStepOutcome.Stop("review");
        }

        if (await suppressed)
        {
            return SequenceStepOutcome.Stop("unsubscribe");
        }

        if (!unsubscribeTokens.CanIssue)
        {
            // A marketing email without a working unsubscribe link must not go out.
            return SequenceStepOutcome.Stop("no unsubscribe link can be issued (Marketing__UnsubscribeSecret)");
        }

        var baseUrl = workflow.Value.PublicBaseUrl;
        var items = order.Lines
            .DistinctBy(l => l.Sku, StringComparer.Ordinal)
            .Select(l => new ReviewItem(l.Name, new Uri(baseUrl, "#/review?token=" + Uri.EscapeDataString(reviewTokens.Issue(order.Id, l.Sku)))))
            .ToList();
        var unsubscribe = new Uri(baseUrl, "#/unsubscribe?token=" + Uri.EscapeDataString(unsubscribeTokens.Issue(order.Email, ReviewRequests.InstanceId(order.Id))));
        var model = new ReviewRequestEmail(order.Id, order.ShippingAddress.Name, items, step.Number, step.IsFinal) { UnsubscribeUrl = unsubscribe };
        await email.SendAsync(new EmailRecipient(order.Email, order.ShippingAddress.Name), model, $"{order.Id}:review-request:{step.Number}", cancellationToken);
        return SequenceStepOutcome.WasSent;
    }
}

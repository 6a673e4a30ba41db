using Shop.Domain.Orders;
using Shop.Domain.Payments;

namespace Shop.Orchestrations.Orders;

/// <summary>
/// Turns payment events (Stripe's webhook, or the simulated gateway's) into the <c>payment</c> event of the order's
/// workflow: authorized after the customer's action, or failed. Only an order still being placed whose payment waits
/// for the customer waits for one; other events (immediate outcomes, captures, refunds, repeats) change nothing here.
/// </summary>
public sealed class OrderPaymentEventSink(IOrderWorkflow workflow, IOrderStore orders, AuthorizationsInFlight authorizing) : IPaymentEventSink
{
    public async Task OnPaymentEventAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        PaymentSignal? signal = paymentEvent switch
        {
            AmountCapturableUpdated a => new PaymentSignal(a.PaymentId, PaymentSignalOutcome.Succeeded, null, a.CaptureBefore),
            PaymentFailed f => new PaymentSignal(f.PaymentId, PaymentSignalOutcome.Failed, f.Reason),
            PaymentCanceled c => new PaymentSignal(c.PaymentId, PaymentSignalOutcome.Failed, c.CancellationReason ?? "The payment was canceled."),
            _ => null,
        };
        if (signal is null || paymentEvent.OrderId is not { } orderId || authorizing.Contains(orderId))
        {
            // No signal in it, or the authorization this process is making for the order answers it itself.
            return;
        }

        // Only an order whose payment waits for the customer (3-D Secure) waits for the event; a payment that was
        // authorized or declined at once is already in the authorization step's result. This process's copy of the
        // order settles it when it shows the wait or an order past placement (neither is ever undone); else the row does.
        var order = await orders.GetLatestAsync(orderId, cancellationToken);
        if (order is { Status: OrderStatus.Placed } && !AwaitsAction(order))
        {
            order = await orders.GetAsync(orderId, cancellationToken);
        }

        if (order is { Status: OrderStatus.Placed } && AwaitsAction(order))
        {
            await workflow.RaiseAsync(orderId, OrderEvents.Payment, signal, cancellationToken);
        }
    }

    private static bool AwaitsAction(Order order) => order.Timeline.Any(e => e.Step == OrderSteps.PaymentActionStep);
}

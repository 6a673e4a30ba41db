using Shop.Domain.Orders;
using Shop.Domain.Payments;
using Shop.Orchestrations.Orders;

namespace Shop.Orchestrations.Checkout;

/// <summary>
/// Turns payment events (Stripe's webhook, or the simulated gateway's) into the <c>payment</c> event of the order's
/// workflow: authorized after the customer's action, or failed. Only an order still being placed waits for one;
/// other events (captures, refunds, repeats) change nothing here.
/// </summary>
public sealed class OrderPaymentEventSink(IOrderWorkflow workflow, IOrderStore orders) : IPaymentEventSink
{
    public async Task OnPaymentEventAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        PaymentSignal? signal = paymentEvent switch
        {
            AmountCapturableUpdated a => new PaymentSignal(a.PaymentId, "succeeded", null, a.CaptureBefore),
            PaymentFailed f => new PaymentSignal(f.PaymentId, "failed", f.Reason),
            PaymentCanceled c => new PaymentSignal(c.PaymentId, "failed", c.CancellationReason ?? "The payment was canceled."),
            _ => null,
        };
        if (signal is null || paymentEvent.OrderId is not { } orderId)
        {
            return;
        }

        if (await orders.GetAsync(orderId, cancellationToken) is { Status: OrderStatus.Placed })
        {
            await workflow.RaiseAsync(orderId, OrderEvents.Payment, signal, cancellationToken);
        }
    }
}

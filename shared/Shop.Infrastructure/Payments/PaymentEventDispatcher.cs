using Microsoft.Extensions.Logging;
using Shop.Domain.Payments;

namespace Shop.Infrastructure.Payments;

/// <summary>
/// The one path payment events take into the app: the Stripe webhook endpoint (after <see cref="IPaymentWebhookParser"/>)
/// and the simulated gateway both hand their events here, and every registered <see cref="IPaymentEventSink"/> receives them.
/// </summary>
public sealed class PaymentEventDispatcher(IEnumerable<IPaymentEventSink> sinks, ILogger<PaymentEventDispatcher> logger)
{
    private readonly IPaymentEventSink[] _sinks = sinks.ToArray();

    /// <summary>Delivers <paramref name="paymentEvent"/> to each sink in turn; a sink's failure propagates (the sender may deliver again).</summary>
    public async Task DispatchAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paymentEvent);
        foreach (var sink in _sinks)
        {
            await sink.OnPaymentEventAsync(paymentEvent, cancellationToken);
        }

        Log.EventDispatched(logger, paymentEvent.GetType().Name, paymentEvent.EventId, paymentEvent.PaymentId, paymentEvent.OrderId, _sinks.Length);
    }
}

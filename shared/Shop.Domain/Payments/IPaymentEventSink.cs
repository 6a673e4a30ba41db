namespace Shop.Domain.Payments;

/// <summary>
/// Receives payment events, from the Stripe webhook endpoint and from the simulated gateway alike (one path).
/// The order workflow registers one to raise the events into its orchestrations. Deliveries may repeat:
/// deduplicate by <see cref="PaymentEvent.EventId"/>.
/// </summary>
public interface IPaymentEventSink
{
    Task OnPaymentEventAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default);
}

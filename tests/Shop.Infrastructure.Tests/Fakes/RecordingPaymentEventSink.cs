using System.Collections.Concurrent;
using Shop.Domain.Payments;

namespace Shop.Infrastructure.Tests.Fakes;

/// <summary>Keeps every payment event it receives.</summary>
public sealed class RecordingPaymentEventSink : IPaymentEventSink
{
    public ConcurrentQueue<PaymentEvent> Events { get; } = new();

    public Task OnPaymentEventAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        Events.Enqueue(paymentEvent);
        return Task.CompletedTask;
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Common;
using Shop.Domain.Payments;
using Shop.Infrastructure.Payments.Simulated;

namespace Shop.Functions.Tests.Returns;

/// <summary>
/// The return app whose payment gateway loses the answer to the first refund of each idempotency key: the simulated
/// gateway makes the refund, then the call fails as a network timeout would (transient), so the step retries.
/// </summary>
public sealed class LostRefundResponseAppFactory : ReturnAppFactory
{
    public ConcurrentDictionary<string, int> RefundCalls { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IPaymentGateway>(sp => new LosingGateway(sp.GetRequiredService<SimulatedPaymentGateway>(), RefundCalls)));
    }

    private sealed class LosingGateway(SimulatedPaymentGateway inner, ConcurrentDictionary<string, int> calls) : IPaymentGateway
    {
        public Task<AuthorizationResult> AuthorizeAsync(string orderId, Money amount, string paymentMethod, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.AuthorizeAsync(orderId, amount, paymentMethod, idempotencyKey, cancellationToken);

        public Task<AuthorizationResult> ReauthorizeAsync(string orderId, Money amount, string paymentMethod, string previousPaymentId, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.ReauthorizeAsync(orderId, amount, paymentMethod, previousPaymentId, idempotencyKey, cancellationToken);

        public Task<CaptureResult> CaptureAsync(string paymentId, Money? amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.CaptureAsync(paymentId, amount, idempotencyKey, cancellationToken);

        public Task<VoidResult> VoidAsync(string paymentId, string idempotencyKey, CancellationToken cancellationToken = default) =>
            inner.VoidAsync(paymentId, idempotencyKey, cancellationToken);

        public async Task<RefundResult> RefundAsync(string paymentId, Money amount, RefundReason reason, string idempotencyKey, CancellationToken cancellationToken = default)
        {
            var result = await inner.RefundAsync(paymentId, amount, reason, idempotencyKey, cancellationToken);
            if (calls.AddOrUpdate(idempotencyKey, 1, (_, n) => n + 1) == 1)
            {
                throw new PaymentTransientException(PaymentErrorKind.Network, "The refund's answer was lost (simulated timeout).");
            }

            return result;
        }
    }
}

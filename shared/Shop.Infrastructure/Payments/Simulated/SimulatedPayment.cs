using Shop.Domain.Common;

namespace Shop.Infrastructure.Payments.Simulated;

/// <summary>A payment as the simulated gateway holds it (see <see cref="SimulatedPaymentStatus"/>).</summary>
public sealed record SimulatedPayment(
    string PaymentId,
    string OrderId,
    string PaymentMethod,
    Money Amount,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CaptureBefore,
    Money AmountCaptured,
    Money AmountRefunded);

using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>A refund of <see cref="Amount"/> on <see cref="PaymentId"/>; <see cref="Status"/> as the provider reports it (<c>succeeded</c>, <c>pending</c>).</summary>
public sealed record RefundResult(string RefundId, string PaymentId, Money Amount, string Status);

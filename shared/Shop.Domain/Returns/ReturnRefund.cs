using Shop.Domain.Common;

namespace Shop.Domain.Returns;

/// <summary>The money given back for a return: the provider's refund id, the amount and when.</summary>
public sealed record ReturnRefund(string RefundId, Money Amount, DateTimeOffset At);

namespace Shop.Domain.Payments;

/// <summary>The authorization is released; nothing was charged.</summary>
public sealed record VoidResult(string PaymentId);

using Shop.Domain.Common;

namespace Shop.Domain.Payments;

/// <summary>A capture: <see cref="AmountCaptured"/> is charged, anything left of the authorization is released.</summary>
public sealed record CaptureResult(string PaymentId, Money AmountCaptured);

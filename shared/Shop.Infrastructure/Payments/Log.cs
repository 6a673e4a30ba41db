using Microsoft.Extensions.Logging;
using Shop.Domain.Payments;

namespace Shop.Infrastructure.Payments;

internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Payments: {Adapter} gateway active ({Detail})")]
    public static partial void GatewayActive(ILogger logger, string adapter, string detail);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Payment for order {OrderId} authorized: {PaymentId} {AmountMinor} {Currency}")]
    public static partial void Authorized(ILogger logger, string orderId, string paymentId, long amountMinor, string currency);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Payment for order {OrderId} requires customer action: {PaymentId}")]
    public static partial void RequiresAction(ILogger logger, string orderId, string paymentId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Payment for order {OrderId} declined: {PaymentId} {Code}/{DeclineCode}")]
    public static partial void Declined(ILogger logger, string orderId, string? paymentId, string? code, string? declineCode);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Payment {PaymentId} captured: {AmountMinor} {Currency}")]
    public static partial void Captured(ILogger logger, string paymentId, long amountMinor, string currency);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Information, Message = "Payment {PaymentId} voided")]
    public static partial void Voided(ILogger logger, string paymentId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Payment {PaymentId} refunded: {RefundId} {AmountMinor} {Currency}")]
    public static partial void Refunded(ILogger logger, string paymentId, string refundId, long amountMinor, string currency);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Payment {Operation} for {Subject} failed (transient: {IsTransient}, {Kind})")]
    public static partial void CallFailed(ILogger logger, Exception exception, string operation, string subject, bool isTransient, PaymentErrorKind kind);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Warning, Message = "Stripe webhook rejected: {Reason}")]
    public static partial void WebhookRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Information, Message = "Stripe webhook {EventId} of type {EventType} verified")]
    public static partial void WebhookVerified(ILogger logger, string eventId, string eventType);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Payment event {EventType} {EventId} for payment {PaymentId} (order {OrderId}) dispatched to {SinkCount} sink(s)")]
    public static partial void EventDispatched(ILogger logger, string eventType, string eventId, string paymentId, string? orderId, int sinkCount);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Warning, Message = "Payment event {EventId} could not be delivered; the operation itself succeeded")]
    public static partial void EventDeliveryFailed(ILogger logger, Exception exception, string eventId);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Simulated payment {PaymentId}: customer action completed ({Outcome})")]
    public static partial void ActionCompleted(ILogger logger, string paymentId, string outcome);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Simulated payment: transient failure {Attempt} of {Failures} for idempotency key {IdempotencyKey}")]
    public static partial void SimulatedTransientFailure(ILogger logger, int attempt, int failures, string idempotencyKey);
}

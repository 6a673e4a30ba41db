using Microsoft.Extensions.Logging;

namespace Shop.Infrastructure.Email;

internal static partial class Log
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Email: {Adapter} active ({Detail})")]
    public static partial void SenderActive(ILogger logger, string adapter, string detail);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Email {Template} to {Recipient} (order {OrderId}) sent as {MessageId}")]
    public static partial void Sent(ILogger logger, string template, string recipient, string? orderId, string messageId);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Email {Template} with idempotency key {IdempotencyKey} was already sent as {MessageId}; not sent again")]
    public static partial void AlreadySent(ILogger logger, string template, string idempotencyKey, string messageId);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "SendGrid answered {StatusCode}; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, int? statusCode, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Error, Message = "SendGrid refused email {Template} to {Recipient} permanently ({StatusCode}): {Error}")]
    public static partial void PermanentFailure(ILogger logger, string template, string recipient, int statusCode, string error);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Warning, Message = "SendGrid did not accept email {Template} to {Recipient} after retries ({StatusCode}): {Error}")]
    public static partial void TransientFailure(ILogger logger, string template, string recipient, int? statusCode, string error);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Error, Message = "SendGrid's answer to email {Template} to {Recipient} was lost ({Error}); it may have been sent, and key {IdempotencyKey} is not sent again")]
    public static partial void OutcomeUnknown(ILogger logger, string template, string recipient, string idempotencyKey, string error);
}

using Shop.Infrastructure.Email;

namespace Shop.Functions.Email;

/// <summary>Emails whose send failed transiently, sent again from their queue (<see cref="EmailDelivery"/>).</summary>
public sealed class EmailRetryFunctions(EmailDelivery delivery)
{
    /// <summary>One queued attempt; a message delivered twice sends nothing twice (the email's idempotency key).</summary>
    [Function("RetryEmail")]
    public Task RetryEmailAsync([QueueTrigger("%Email__RetryQueue%")] string message, CancellationToken cancellationToken) =>
        delivery.RetryAsync(EmailRetry.Parse(message), cancellationToken);
}

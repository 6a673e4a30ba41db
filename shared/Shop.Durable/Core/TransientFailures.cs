namespace Shop.Durable.Core;

/// <summary>Which failures of the engine's own storage work pass by themselves: an outage, a throttle, a timeout.</summary>
internal static class TransientFailures
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        Azure.RequestFailedException { Status: 0 or 408 or 429 or >= 500 } => true,
        HttpRequestException or IOException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };
}

namespace Shop.Hosting.Functions;

/// <summary>One delivery of a queue message to a queue-triggered function.</summary>
public sealed class QueueInvocation
{
    public required string FunctionName { get; init; }

    public required string InvocationId { get; init; }

    /// <summary>The message text, already Base64-decoded as the Functions queue trigger does.</summary>
    public required string Message { get; init; }

    public required string MessageId { get; init; }

    /// <summary>How many times this message has been delivered, this delivery included.</summary>
    public required long DequeueCount { get; init; }

    public DateTimeOffset? InsertedOn { get; init; }

    /// <summary>Services scoped to this invocation.</summary>
    public required IServiceProvider Services { get; init; }
}

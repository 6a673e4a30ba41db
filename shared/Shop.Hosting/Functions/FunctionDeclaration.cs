using Microsoft.AspNetCore.Builder;

namespace Shop.Hosting.Functions;

/// <summary>
/// One function of the app, declared once. The local HTTP routes, the local queue and timer
/// triggers, the custom-handler invocation endpoints and the deployed <c>function.json</c> files
/// are all derived from these declarations.
/// </summary>
public sealed class FunctionDeclaration
{
    internal FunctionDeclaration(string name, FunctionTrigger trigger)
    {
        Name = name;
        Trigger = trigger;
    }

    public string Name { get; }

    public FunctionTrigger Trigger { get; }

    /// <summary>For HTTP functions: the minimal-API handler.</summary>
    public Delegate? HttpHandler { get; internal init; }

    /// <summary>For HTTP functions: endpoint conventions (summary, tags, produces…) for the OpenAPI document.</summary>
    public Action<RouteHandlerBuilder>? ConfigureEndpoint { get; internal init; }

    /// <summary>For queue functions.</summary>
    public Func<QueueInvocation, CancellationToken, Task>? QueueHandler { get; internal init; }

    /// <summary>For timer functions.</summary>
    public Func<TimerInvocation, CancellationToken, Task>? TimerHandler { get; internal init; }

    public override string ToString() => $"{Name} ({Trigger})";
}

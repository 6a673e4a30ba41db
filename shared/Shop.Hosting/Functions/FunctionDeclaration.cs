using System.Reflection;

namespace Shop.Hosting.Functions;

/// <summary>
/// One function of the app: its name, its trigger and the method that runs it. The app's functions are read from
/// their <c>[Function]</c> attributes (<see cref="FunctionCatalog.FromAssembly"/>); the local HTTP routes, queue
/// listeners, timers and durable tasks are derived from them.
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

    /// <summary>The <c>[Function]</c> method, for functions read from the app's attributes.</summary>
    public MethodInfo? Method { get; internal init; }

    /// <summary>For queue functions.</summary>
    public Func<QueueInvocation, CancellationToken, Task>? QueueHandler { get; internal init; }

    /// <summary>For timer functions.</summary>
    public Func<TimerInvocation, CancellationToken, Task>? TimerHandler { get; internal init; }

    public override string ToString() => $"{Name} ({Trigger})";
}

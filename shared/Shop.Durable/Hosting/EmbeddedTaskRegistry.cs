using System.Reflection;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace Shop.Durable;

/// <summary>
/// The orchestrators and activities the embedded backend runs, by name: Microsoft.DurableTask orchestrators
/// (<see cref="ITaskOrchestrator"/>) and activities (<see cref="ITaskActivity"/>). Fill it in <c>services.AddShopDurable(r => ...)</c>:
/// <code>
/// services.AddShopDurable(r =&gt;
/// {
///     r.AddOrchestrator&lt;PlaceOrderOrchestrator&gt;();          // name: the type name (or [DurableTask("name")])
///     r.AddActivity&lt;ChargePaymentActivity&gt;();              // constructor-injected, a DI scope per call
///     r.AddActivityFunc&lt;string, string&gt;("SayHello", (ctx, name) =&gt; $"Hello {name}");
/// });
/// </code>
/// </summary>
public sealed class EmbeddedTaskRegistry
{
    internal Dictionary<TaskName, Func<IServiceProvider, ITaskOrchestrator>> Orchestrators { get; } = [];

    internal Dictionary<TaskName, Func<IServiceProvider, ITaskActivity>> Activities { get; } = [];

    /// <summary>Registers <typeparamref name="TOrchestrator"/> under its type name (or its <see cref="DurableTaskAttribute"/> name).</summary>
    public EmbeddedTaskRegistry AddOrchestrator<TOrchestrator>()
        where TOrchestrator : class, ITaskOrchestrator =>
        AddOrchestrator(NameOf(typeof(TOrchestrator)), typeof(TOrchestrator));

    /// <summary>Registers an orchestrator class under <paramref name="name"/>; it is created through DI for each execution.</summary>
    public EmbeddedTaskRegistry AddOrchestrator(TaskName name, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Require(typeof(ITaskOrchestrator), type);
        return Add(Orchestrators, name, services => (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type), "orchestrator");
    }

    /// <summary>Registers an orchestrator written as a function.</summary>
    public EmbeddedTaskRegistry AddOrchestratorFunc<TInput, TOutput>(TaskName name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> orchestrator)
    {
        ArgumentNullException.ThrowIfNull(orchestrator);
        var instance = new FuncOrchestrator<TInput, TOutput>(orchestrator);
        return Add(Orchestrators, name, _ => instance, "orchestrator");
    }

    /// <summary>Registers <typeparamref name="TActivity"/> under its type name (or its <see cref="DurableTaskAttribute"/> name).</summary>
    public EmbeddedTaskRegistry AddActivity<TActivity>()
        where TActivity : class, ITaskActivity =>
        AddActivity(NameOf(typeof(TActivity)), typeof(TActivity));

    /// <summary>Registers an activity class under <paramref name="name"/>; it is created in a DI scope for each call.</summary>
    public EmbeddedTaskRegistry AddActivity(TaskName name, Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        Require(typeof(ITaskActivity), type);
        return Add(Activities, name, services => (ITaskActivity)ActivatorUtilities.CreateInstance(services, type), "activity");
    }

    /// <summary>
    /// Registers an activity written as an asynchronous function of the call's services (a DI scope per call),
    /// its context and its input.
    /// </summary>
    public EmbeddedTaskRegistry AddActivity<TInput, TOutput>(TaskName name, Func<IServiceProvider, TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return Add(Activities, name, services => new FuncActivity<TInput, TOutput>((context, input) => activity(services, context, input)), "activity");
    }

    /// <summary>Registers an activity written as an asynchronous function.</summary>
    public EmbeddedTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var instance = new FuncActivity<TInput, TOutput>(activity);
        return Add(Activities, name, _ => instance, "activity");
    }

    /// <summary>Registers an activity written as a synchronous function.</summary>
    public EmbeddedTaskRegistry AddActivityFunc<TInput, TOutput>(TaskName name, Func<TaskActivityContext, TInput, TOutput> activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return AddActivityFunc<TInput, TOutput>(name, (context, input) => Task.FromResult(activity(context, input)));
    }

    private EmbeddedTaskRegistry Add<T>(Dictionary<TaskName, Func<IServiceProvider, T>> map, TaskName name, Func<IServiceProvider, T> factory, string kind)
    {
        if (string.IsNullOrWhiteSpace(name.Name))
        {
            throw new ArgumentException($"An {kind} needs a name.", nameof(name));
        }

        if (!map.TryAdd(name, factory))
        {
            throw new ArgumentException($"An {kind} named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    private static TaskName NameOf(Type type) =>
        type.GetCustomAttribute<DurableTaskAttribute>()?.Name is { Name.Length: > 0 } named ? named : new TaskName(type.Name);

    private static void Require(Type contract, Type type)
    {
        if (!contract.IsAssignableFrom(type) || type.IsAbstract)
        {
            throw new ArgumentException($"'{type}' is not a concrete {contract.Name}.", nameof(type));
        }
    }

    private sealed class FuncOrchestrator<TInput, TOutput>(Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) : TaskOrchestrator<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input) => run(context, input);
    }

    private sealed class FuncActivity<TInput, TOutput>(Func<TaskActivityContext, TInput, Task<TOutput>> run) : TaskActivity<TInput, TOutput>
    {
        public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(context, input);
    }
}

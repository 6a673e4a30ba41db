using Microsoft.DurableTask;

namespace Shop.Durable;

/// <summary>Registrations on Microsoft's <see cref="DurableTaskRegistry"/> that work on every backend.</summary>
public static class DurableTaskRegistryExtensions
{
    /// <summary>
    /// Registers an activity written as an asynchronous function of the call's services (the worker's DI scope for
    /// the call), its context and its input.
    /// </summary>
    public static DurableTaskRegistry AddServiceActivity<TInput, TOutput>(
        this DurableTaskRegistry registry,
        TaskName name,
        Func<IServiceProvider, TaskActivityContext, TInput, Task<TOutput>> activity)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(activity);
        return registry.AddActivity(name, services => new ServiceActivity<TInput, TOutput>(services, activity));
    }
}

using Microsoft.DurableTask;

namespace Shop.Durable;

/// <summary>An activity written as a function of the call's services (a DI scope per call), its context and its input.</summary>
internal sealed class ServiceActivity<TInput, TOutput>(IServiceProvider services, Func<IServiceProvider, TaskActivityContext, TInput, Task<TOutput>> run)
    : TaskActivity<TInput, TOutput>
{
    public override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => run(services, context, input);
}

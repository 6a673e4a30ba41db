using System.Reflection;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Shop.Hosting.Functions;

namespace Shop.Durable;

/// <summary>
/// Registers the app's Durable Functions (<c>[OrchestrationTrigger]</c> and <c>[ActivityTrigger]</c> methods) as tasks
/// of Microsoft's <see cref="DurableTaskRegistry"/>, so the embedded engine, or Microsoft's gRPC worker in the
/// conformance lane, runs the very methods the Functions host runs in Azure, under the same names.
/// </summary>
public static class FunctionTasks
{
    public static DurableTaskRegistry AddFunctionTasks(this DurableTaskRegistry registry, FunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(functions);
        foreach (var function in functions)
        {
            switch (function.Trigger)
            {
                case OrchestrationTrigger:
                    var orchestrator = new FunctionOrchestrator(function.Method!);
                    registry.AddOrchestrator(function.Name, () => orchestrator);
                    break;
                case ActivityTrigger activity:
                    var method = function.Method!;
                    var trigger = method.GetParameters().Single(p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
                    var invoke = FunctionMethod.Invoker(method, trigger);
                    registry.AddActivity(function.Name, services => new FunctionActivity(activity.InputType, ResultType(method), services, invoke));
                    break;
            }
        }

        return registry;
    }

    private static Type ResultType(MethodInfo method) =>
        method.ReturnType.IsGenericType && method.ReturnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? method.ReturnType.GetGenericArguments()[0]
            : method.ReturnType == typeof(Task) || method.ReturnType == typeof(void) ? typeof(object) : method.ReturnType;

    /// <summary>
    /// A static <c>[OrchestrationTrigger]</c> method. Its input is, as in Durable Functions, its first parameter without a
    /// binding attribute (deserialized to that parameter's type), or <c>context.GetInput&lt;T&gt;()</c> when it has none.
    /// </summary>
    private sealed class FunctionOrchestrator : ITaskOrchestrator
    {
        private readonly Func<TaskOrchestrationContext, object?, Task<object?>> _run;

        public FunctionOrchestrator(MethodInfo method)
        {
            var parameters = method.GetParameters();
            if (!method.IsStatic || parameters is not [{ ParameterType: var context }, ..] || context != typeof(TaskOrchestrationContext) || parameters.Length > 2)
            {
                throw new InvalidOperationException($"Orchestrator function {method.DeclaringType?.FullName}.{method.Name} must be static and take its TaskOrchestrationContext, then at most its input.");
            }

            InputType = parameters.Length == 2 ? parameters[1].ParameterType : typeof(object);
            OutputType = ResultType(method);
            _run = (context, input) => FunctionMethod.ResultAsync(method.Invoke(null, parameters.Length == 2 ? [context, input] : [context]));
        }

        public Type InputType { get; }

        public Type OutputType { get; }

        public Task<object?> RunAsync(TaskOrchestrationContext context, object? input) => _run(context, input);
    }

    /// <summary>An <c>[ActivityTrigger]</c> method on an instance of its class made from the activity's services; <c>instanceId</c> binds as in Durable Functions.</summary>
    private sealed class FunctionActivity(
        Type inputType,
        Type outputType,
        IServiceProvider services,
        Func<IServiceProvider, object?, IReadOnlyDictionary<string, object?>?, CancellationToken, Task<object?>> invoke) : ITaskActivity
    {
        public Type InputType => inputType;

        public Type OutputType => outputType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            invoke(services, input, new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase) { ["instanceId"] = context.InstanceId }, CancellationToken.None);
    }
}

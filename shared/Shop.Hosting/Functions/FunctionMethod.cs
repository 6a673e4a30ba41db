using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace Shop.Hosting.Functions;

/// <summary>
/// Reads one <c>[Function]</c> method: its trigger from the trigger attribute on its parameters, and, for queue and
/// timer functions, the invocation the local host makes: the trigger value, the queue message's binding data
/// (<c>id</c>, <c>dequeueCount</c>, <c>insertionTime</c>), <see cref="CancellationToken"/>, and
/// <c>[DurableClient]</c> clients from the invocation's services, as the worker binds them in Azure.
/// </summary>
public static class FunctionMethod
{
    internal static FunctionDeclaration Declare(string name, MethodInfo method)
    {
        var parameters = method.GetParameters();
        foreach (var parameter in parameters)
        {
            if (parameter.GetCustomAttribute<HttpTriggerAttribute>() is { } http)
            {
                if (http.AuthLevel != AuthorizationLevel.Anonymous)
                {
                    throw Invalid(method, "HTTP functions are AuthorizationLevel.Anonymous; the app checks its own credentials ([FunctionAccess])");
                }

                var methods = (http.Methods ?? ["GET", "POST"]).Select(m => m.ToUpperInvariant()).ToArray();
                var access = method.GetCustomAttribute<FunctionAccessAttribute>()?.Access ?? FunctionAuth.Anonymous;
                return new FunctionDeclaration(name, new HttpTrigger(methods, (http.Route ?? name).Trim('/'), access)) { Method = method };
            }

            if (parameter.GetCustomAttribute<QueueTriggerAttribute>() is { } queue)
            {
                FunctionCatalog.ValidateQueueName(queue.QueueName);
                var invoke = Invoker(method, parameter);
                return new FunctionDeclaration(name, new QueueTrigger(queue.QueueName, queue.Connection ?? FunctionCatalog.DefaultConnection))
                {
                    Method = method,
                    QueueHandler = (invocation, ct) => invoke(invocation.Services, QueueValue(invocation.Message, parameter.ParameterType), new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)
                    {
                        ["id"] = invocation.MessageId,
                        ["dequeueCount"] = invocation.DequeueCount,
                        ["insertionTime"] = invocation.InsertedOn,
                    }, ct),
                };
            }

            if (parameter.GetCustomAttribute<TimerTriggerAttribute>() is { } timer)
            {
                if (parameter.ParameterType != typeof(TimerInfo))
                {
                    throw Invalid(method, "a timer trigger binds to TimerInfo");
                }

                var invoke = Invoker(method, parameter);
                return new FunctionDeclaration(name, new TimerTrigger(timer.Schedule, timer.RunOnStartup))
                {
                    Method = method,
                    TimerHandler = (invocation, ct) => invoke(invocation.Services, new TimerInfo { IsPastDue = invocation.IsPastDue }, null, ct),
                };
            }

            if (parameter.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)
            {
                return new FunctionDeclaration(name, new OrchestrationTrigger()) { Method = method };
            }

            if (parameter.GetCustomAttribute<ActivityTriggerAttribute>() is not null)
            {
                return new FunctionDeclaration(name, new ActivityTrigger(parameter.ParameterType)) { Method = method };
            }
        }

        throw Invalid(method, "no parameter carries a trigger attribute the local host runs (HttpTrigger, QueueTrigger, TimerTrigger, OrchestrationTrigger, ActivityTrigger)");
    }

    /// <summary>
    /// Builds the call of a non-HTTP function: an instance of its class from the invocation's services (as the
    /// worker's default activator does), the trigger value, binding data by parameter name, the cancellation token.
    /// </summary>
    public static Func<IServiceProvider, object?, IReadOnlyDictionary<string, object?>?, CancellationToken, Task<object?>> Invoker(MethodInfo method, ParameterInfo trigger)
    {
        var parameters = method.GetParameters();
        foreach (var parameter in parameters)
        {
            if (parameter != trigger && parameter.ParameterType == typeof(FunctionContext))
            {
                throw Invalid(method, "the local host has no FunctionContext: take what the function needs as parameters");
            }
        }

        return async (services, triggerValue, bindingData, cancellationToken) =>
        {
            var target = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(services, method.DeclaringType!);
            var arguments = new object?[parameters.Length];
            for (var i = 0; i < parameters.Length; i++)
            {
                var parameter = parameters[i];
                arguments[i] = parameter == trigger ? triggerValue
                    : parameter.ParameterType == typeof(CancellationToken) ? cancellationToken
                    : parameter.GetCustomAttribute<DurableClientAttribute>() is not null ? services.GetRequiredService(parameter.ParameterType)
                    : bindingData is not null && bindingData.TryGetValue(parameter.Name!, out var value) ? Convert(value, parameter.ParameterType)
                    : parameter.HasDefaultValue ? parameter.DefaultValue
                    : throw Invalid(method, $"the local host cannot bind parameter '{parameter.Name}'");
            }

            return await ResultAsync(method.Invoke(target, arguments));
        };
    }

    /// <summary>What a function method returned, awaited: a task's result, or the value itself.</summary>
    public static async Task<object?> ResultAsync(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                return task.GetType().IsGenericType ? task.GetType().GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned;
        }
    }

    private static object? QueueValue(string message, Type type) =>
        type == typeof(string) ? message
        : type == typeof(BinaryData) ? BinaryData.FromString(message)
        : type == typeof(byte[]) ? System.Text.Encoding.UTF8.GetBytes(message)
        : JsonSerializer.Deserialize(message, type, JsonSerializerOptions.Web);

    private static object? Convert(object? value, Type type) =>
        value is null || type.IsInstanceOfType(value) ? value : System.Convert.ChangeType(value, Nullable.GetUnderlyingType(type) ?? type, System.Globalization.CultureInfo.InvariantCulture);

    private static InvalidOperationException Invalid(MethodInfo method, string reason) =>
        new($"Function method {method.DeclaringType?.FullName}.{method.Name}: {reason}.");
}

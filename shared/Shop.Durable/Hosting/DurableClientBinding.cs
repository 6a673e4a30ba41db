using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Shop.Durable;

/// <summary>
/// Under the Functions host, the <see cref="DurableTaskClient"/> of Durable Functions comes with each invocation, through
/// the function's <c>[DurableClient]</c> binding. This middleware binds it before the function runs and makes it the
/// invocation's <see cref="DurableClients.Current"/>, so application services that start, query or signal workflows
/// get it on both hosts (locally it is the embedded engine's client from DI).
/// </summary>
public sealed class DurableClientBinding : IFunctionsWorkerMiddleware
{
    private const string BindingType = "durableClient";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var binding = context.FunctionDefinition.InputBindings.Values
            .FirstOrDefault(b => string.Equals(b.Type, BindingType, StringComparison.OrdinalIgnoreCase));
        if (binding is not null)
        {
            var client = await context.BindInputAsync<DurableTaskClient>(binding);
            using (DurableClients.Bind(client.Value ?? throw new InvalidOperationException($"The Functions host bound no DurableTaskClient to {context.FunctionDefinition.Name}.")))
            {
                await next(context);
            }

            return;
        }

        await next(context);
    }

    /// <summary>Registers the middleware and <see cref="DurableClients"/>.</summary>
    public static FunctionsApplicationBuilder Use(FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseMiddleware<DurableClientBinding>();
        builder.Services.TryAddSingleton<DurableClients>();
        return builder;
    }
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Http;

/// <summary>
/// The worker middleware of the app in Azure: for an HTTP function, what the local host's ASP.NET Core pipeline does
/// (<see cref="HttpFunctionGate"/> before the function, <see cref="ProblemWriter"/> for any exception); for every
/// function, a log scope with its name and invocation id.
/// </summary>
public sealed class ShopWorkerMiddleware(FunctionCatalog functions, IOptions<HostingOptions> hosting, ILogger<ShopWorkerMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["FunctionName"] = context.FunctionDefinition.Name,
            ["InvocationId"] = context.InvocationId,
        });
        var http = context.GetHttpContext();
        if (http is null || functions.Find(context.FunctionDefinition.Name)?.Trigger is not HttpTrigger trigger)
        {
            await next(context);
            return;
        }

        try
        {
            HttpFunctionGate.Enter(http, trigger, hosting.Value.MaxRequestBodyBytes);
            await next(context);
        }
        catch (Exception ex) when (!http.Response.HasStarted)
        {
            await context.InstanceServices.GetRequiredService<ProblemWriter>().WriteAsync(http, ex);
            if (context.GetInvocationResult() is { } result)
            {
                // The problem is the response; nothing else may be written after it.
                result.Value = null;
            }
        }
    }
}

using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Shop.Hosting.Functions;

namespace Shop.Hosting.Http;

/// <summary>The app under the Functions host (Azure, or <c>func start</c>): the isolated worker with ASP.NET Core integration.</summary>
public static class WorkerApplicationExtensions
{
    /// <summary>The command-line switch the Functions host starts its worker with (the host's gRPC endpoint).</summary>
    public const string HostEndpointSwitch = "--functions-uri";

    /// <summary>True when the Functions host started this process as its worker; false for <c>dotnet run</c> and tests.</summary>
    public static bool IsStartedByFunctionsHost(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.Contains(HostEndpointSwitch, StringComparer.OrdinalIgnoreCase)
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("Functions__Worker__HostEndpoint"));
    }

    /// <summary>
    /// ASP.NET Core integration, the app's worker middleware (<see cref="ShopWorkerMiddleware"/>) and the services it
    /// shares with the local host.
    /// </summary>
    public static FunctionsApplicationBuilder AddShopWorker(this FunctionsApplicationBuilder builder, FunctionCatalog functions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(functions);
        builder.ConfigureFunctionsWebApplication();
        builder.UseMiddleware<ShopWorkerMiddleware>();
        builder.Services.AddSingleton(functions);
        builder.Services.AddShopOptions<HostingOptions>(HostingOptions.Section);
        builder.Services.AddShopWorkerServices(builder.Configuration);
        return builder;
    }
}

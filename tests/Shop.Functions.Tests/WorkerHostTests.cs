using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Shop.Durable;
using Shop.Hosting.Functions;
using Shop.Hosting.Http;
using Shop.Orchestrations.Checkout;
using Shop.Orchestrations.Orders;

namespace Shop.Functions.Tests;

/// <summary>
/// The worker the Functions host starts (built here with the arguments the host passes; it is not run, since there is
/// no host to connect to): the app's services resolve, every function class can be made from an invocation's
/// services, and no home-made engine is in it.
/// </summary>
public sealed class WorkerHostTests
{
    private static readonly string[] HostArguments =
    [
        WorkerApplicationExtensions.HostEndpointSwitch, "http://127.0.0.1:9/",
        "--functions-worker-id", "test-worker",
        "--functions-request-id", "test-request",
        "--functions-grpc-max-message-length", "2147483647",
    ];

    [Fact]
    public void HostArguments_SelectTheWorker_AndTheirAbsenceTheLocalHost()
    {
        Assert.True(WorkerApplicationExtensions.IsStartedByFunctionsHost(HostArguments));
        Assert.False(WorkerApplicationExtensions.IsStartedByFunctionsHost([]));
    }

    [Fact]
    public void Worker_ResolvesTheAppsServices_AndRunsNoEmbeddedEngine()
    {
        // The worker reads the host's switches from the process's command line: here they come as settings.
        using var host = ShopApp.BuildWorker(HostArguments, new Dictionary<string, string?>
        {
            ["Functions:Worker:HostEndpoint"] = "http://127.0.0.1:9/",
            ["Functions:Worker:WorkerId"] = "test-worker",
            ["Functions:Worker:RequestId"] = "test-request",
            ["Functions:Worker:GrpcMaxMessageLength"] = "2147483647",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        });
        var services = host.Services;

        // Orders run on Durable Functions: no embedded engine, no engine queues, no client of its own.
        Assert.Empty(services.GetServices<BackgroundTriggers>());
        Assert.Null(services.GetService<DurableTaskClient>());
        Assert.DoesNotContain(services.GetServices<IHostedService>(), s => s.GetType().Assembly == typeof(DurableClients).Assembly);

        using var scope = services.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<CheckoutService>());
        Assert.IsType<DurableOrderWorkflow>(scope.ServiceProvider.GetRequiredService<IOrderWorkflow>());
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<ProblemWriter>());
        foreach (var type in ShopApp.Functions.Select(f => f.Method!.DeclaringType!).Distinct())
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(scope.ServiceProvider, type));
        }

        // Outside an invocation with a [DurableClient] binding there is no client, and the error says what to declare.
        var error = Assert.Throws<InvalidOperationException>(() => services.GetRequiredService<DurableClients>().Current);
        Assert.Contains("[DurableClient]", error.Message, StringComparison.Ordinal);
    }
}

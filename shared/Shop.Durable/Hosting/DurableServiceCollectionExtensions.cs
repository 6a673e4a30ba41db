using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Shop.Durable.Core;
using Shop.Durable.Storage;
using Shop.Hosting;
using Shop.Hosting.Local;
using Shop.Hosting.Storage;

namespace Shop.Durable;

/// <summary>Registers the durable engine.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the durable backend (settings section <c>Durable</c>) and Microsoft's <see cref="DurableTaskClient"/> over it, and registers
    /// orchestrators and activities. May be called more than once (each area adds its own tasks):
    /// <code>services.AddShopDurable(r => r.AddOrchestrator&lt;PlaceOrder&gt;().AddActivity&lt;ReserveStock&gt;());</code>
    /// The tasks go to Microsoft's <see cref="DurableTaskRegistry"/> of a Durable Task worker built for the backend that
    /// <c>Durable__Backend</c> selects (<see cref="BackendDurableTaskWorker"/>): the embedded engine by default, or Microsoft's
    /// gRPC worker and client on the sidecar at <c>Durable__GrpcEndpoint</c>.
    /// The local host runs the engine's queues and recovery timer (<see cref="EngineTriggers"/>; with the gRPC backend they find no work).
    /// </summary>
    public static IServiceCollection AddShopDurable(this IServiceCollection services, Action<DurableTaskRegistry>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddDurableTaskWorker(worker =>
        {
            if (configure is not null)
            {
                worker.AddTasks(configure);
            }

            // The gRPC worker's options take the worker's (data converter, ...) as UseGrpc() arranges.
            worker.UseBuildTarget<BackendDurableTaskWorker, GrpcDurableTaskWorkerOptions>();
        });

        if (services.Any(d => d.ServiceType == typeof(DurableEngine)))
        {
            return services;
        }

        services.TryAddSingleton(DurableJson.Converter);
        services.TryAddSingleton<DurableClients>();
        services.AddShopOptions<DurableOptions>(DurableOptions.Section);
        services.AddOptions<StorageClientOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<QueueSignal>();
        services.TryAddSingleton<QueueSender>();
        services.AddSingleton<DurableStore>();
        services.AddSingleton<DurableEngine>();
        services.AddSingleton(sp => EngineTriggers.Create(sp.GetRequiredService<IOptions<DurableOptions>>().Value));
        services.AddOptions<GrpcDurableTaskWorkerOptions>(Options.DefaultName)
            .Configure<IOptions<DurableOptions>>((grpc, durable) => grpc.Address = durable.Value.GrpcEndpoint?.ToString());
        services.AddSingleton<DurableTaskClient>(sp => sp.GetRequiredService<IOptions<DurableOptions>>().Value switch
        {
            { Backend: DurableBackend.Grpc, GrpcEndpoint: var endpoint } => new GrpcDurableTaskClient(
                Options.DefaultName,
                new GrpcDurableTaskClientOptions { Address = endpoint!.ToString(), DataConverter = DurableJson.Converter },
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<GrpcDurableTaskClient>()),
            _ => new EmbeddedDurableTaskClient(sp.GetRequiredService<DurableEngine>()),
        });

        // Microsoft.DurableTask's executor takes its data converter and loggers from this factory.
        services.TryAddSingleton(sp => new DurableTaskShimFactory(
            new DurableTaskWorkerOptions { DataConverter = DurableJson.Converter },
            sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }
}

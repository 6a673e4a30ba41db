using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Shop.Testing.DurableTask;

/// <summary>
/// Microsoft's durable engine in this process: the Durable Task Framework's <see cref="AzureStorageOrchestrationService"/>
/// served by the in-process test host's <see cref="TaskHubGrpcServer"/> (the Durable Task gRPC sidecar protocol) on a
/// free loopback port. Point Microsoft's gRPC worker and client at <see cref="Endpoint"/> (for the app:
/// <c>Durable__Backend=Grpc</c>, <c>Durable__GrpcEndpoint</c>). The provider starts dispatching once a worker connects.
/// </summary>
public sealed class AzureStorageSidecar : IAsyncDisposable
{
    private readonly WebApplication _host;

    private AzureStorageSidecar(WebApplication host, AzureStorageOrchestrationService service, Uri endpoint)
    {
        _host = host;
        Service = service;
        Endpoint = endpoint;
    }

    /// <summary>The sidecar's address (http, HTTP/2 only).</summary>
    public Uri Endpoint { get; }

    /// <summary>The provider (its client side answers the sidecar's instance queries).</summary>
    public AzureStorageOrchestrationService Service { get; }

    /// <summary>Creates the task hub's storage and starts the sidecar.</summary>
    public static async Task<AzureStorageSidecar> StartAsync(AzureStorageSidecarOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production", ApplicationName = typeof(AzureStorageSidecar).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));

        var service = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            TaskHubName = options.TaskHub,
            PartitionCount = options.PartitionCount,
            MaxQueuePollingInterval = options.MaxQueuePollingInterval,

            // As Durable Functions sets it (the provider's default is false): a start refused by its dedupe statuses
            // fails with OrchestrationAlreadyExistsException (AlreadyExists through the sidecar) instead of doing nothing.
            ThrowExceptionOnInvalidDedupeStatus = true,
            StorageAccountClientProvider = ClientsFor(options),
        });
        await service.CreateIfNotExistsAsync();

        builder.Services.AddGrpc();
        builder.Services.AddSingleton<IOrchestrationService>(service);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        var host = builder.Build();
        host.MapGrpcService<TaskHubGrpcServer>();
        await host.StartAsync(cancellationToken);

        var address = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new AzureStorageSidecar(host, service, new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping the host stops the dispatchers and the provider.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(stopping.Token);
        }
        finally
        {
            await _host.DisposeAsync();
            Service.Dispose();
        }
    }

    private static StorageAccountClientProvider ClientsFor(AzureStorageSidecarOptions options)
    {
        var blobs = new BlobClientOptions();
        var queues = new QueueClientOptions();
        var tables = new TableClientOptions();
        if (options.StoragePolicy is { } policy)
        {
            blobs.AddPolicy(policy, HttpPipelinePosition.PerCall);
            queues.AddPolicy(policy, HttpPipelinePosition.PerCall);
            tables.AddPolicy(policy, HttpPipelinePosition.PerCall);
        }

        return new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(options.ConnectionString, blobs),
            StorageServiceClientProvider.ForQueue(options.ConnectionString, queues),
            StorageServiceClientProvider.ForTable(options.ConnectionString, tables));
    }
}

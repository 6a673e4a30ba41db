using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Shop.Hosting.Azurite;
using Shop.Testing;
using Shop.Testing.DurableTask;

namespace Shop.Conformance.Tests;

/// <summary>
/// The app on Microsoft's engine: the Durable Task Framework's Azure Storage provider behind the gRPC sidecar, reached
/// through Microsoft's gRPC worker and client (<c>Durable__Backend=Grpc</c>). The provider gets an Azurite of its own:
/// its queue polling slows the emulator and its deleted messages trigger the emulator's clean-up stalls, which must not
/// reach the app's stores or the other lane.
/// </summary>
public sealed class DtfxAzureStorageApp : ConformanceApp
{
    private AzuriteProcess? _azurite;
    private AzureStorageSidecar? _sidecar;

    /// <summary>The provider runs an orchestration's episodes seconds apart on the emulator (p50 4–5 s per orchestration under load).</summary>
    public override TimeSpan StepDeadline => TimeSpan.FromSeconds(90);

    public override async Task AssertWorkflowRanHereAsync(string orderId)
    {
        Assert.IsType<GrpcDurableTaskClient>(Services.GetRequiredService<DurableTaskClient>());
        var states = await _sidecar!.Service.GetOrchestrationStateAsync(orderId, allExecutions: false);
        Assert.Single(states);
    }

    protected override async Task<IReadOnlyDictionary<string, string>> StartBackendAsync()
    {
        _azurite = await AzuriteProcess.StartAsync(new AzuriteOptions
        {
            BlobPort = AzuriteProcess.FindFreePort(),
            QueuePort = AzuriteProcess.FindFreePort(),
            TablePort = AzuriteProcess.FindFreePort(),
            Location = null,
        });
        _sidecar = await AzureStorageSidecar.StartAsync(new AzureStorageSidecarOptions
        {
            ConnectionString = _azurite.ConnectionString,
            TaskHub = AzuriteFixture.UniqueName("dtfx"),
            PartitionCount = 1,
        });
        return new Dictionary<string, string>
        {
            ["Durable__Backend"] = "Grpc",
            ["Durable__GrpcEndpoint"] = _sidecar.Endpoint.ToString(),
        };
    }

    protected override async Task StopBackendAsync()
    {
        if (_sidecar is not null)
        {
            await _sidecar.DisposeAsync();
        }

        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>The cost target: at most 3 storage operations per activity step (the DTFx Azure Storage provider spends about 5).</summary>
public sealed class StorageOperationsTests
{
    [Fact]
    public async Task HelloSequence_SpendsAtMostThreeStorageOperationsPerActivityStep_AndSendsNoQueueMessage()
    {
        var counter = new StorageOperationCounter();
        var endpoints = new StorageConnection { Name = "AzureWebJobsStorage", ConnectionString = await SharedAzurite.GetConnectionStringAsync() }.EmulatorEndpoints();
        counter.QueuePort = endpoints.Queue.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        counter.BlobPort = endpoints.Blob.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), TestTasks.Register, o => o.Policies.Add(counter));
        await host.RunAsync("HelloSequence"); // warm up: tables created
        counter.Reset();

        const int Instances = 10;
        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence"));
        }

        foreach (var id in ids)
        {
            await Eventually.TrueAsync(() => host.Calls.Count(id, nameof(SayHello)) == 5 && !host.Engine.IsBusy(id), $"'{id}' to finish");
        }

        var perStep = (double)counter.Work / (Instances * 5);
        Assert.True(perStep <= 3.0, $"{counter.Work} storage operations for {Instances * 5} activity steps: {perStep:0.00} per step.");
        Assert.Equal(0, counter.QueueSends);
    }
}

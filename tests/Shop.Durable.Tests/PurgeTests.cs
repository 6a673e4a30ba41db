using Shop.Durable.Core;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>Bulk purge: finished instances created before a time go with their histories; running ones never do.</summary>
public sealed class PurgeTests
{
    private static readonly OrchestrationRuntimeStatus[] Finished =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    [Fact]
    public async Task PurgeAll_RemovesFinishedInstancesCreatedBeforeTheCutoff_KeepsRunningAndNewerOnes_AndTwiceIsHarmless()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow.AddDays(-40));
        var tables = new TableRequestLog((await SharedAzurite.GetAsync()).Options.TablePort);
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), TestTasks.Register, o =>
        {
            o.Time = clock;
            o.Policies.Add(tables);
        });

        // Forty days ago: one of each way to finish, and one that is still running.
        var completed = (await host.RunAsync("FanOut", 3)).InstanceId;
        var failed = (await host.RunAsync("FailingChild")).InstanceId;
        var terminated = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await host.StatusAsync(terminated, OrchestrationRuntimeStatus.Running);
        await host.Client.TerminateInstanceAsync(terminated);
        await host.StatusAsync(terminated, OrchestrationRuntimeStatus.Terminated);
        var running = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await host.StatusAsync(running, OrchestrationRuntimeStatus.Running);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, (await host.Client.GetInstanceAsync(failed))!.RuntimeStatus);

        // Today: finished instances within the retention.
        clock.Advance(TimeSpan.FromDays(40));
        var recent = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            recent.Add((await host.RunAsync("FanOut", 2)).InstanceId);
        }

        tables.Clear();
        var cutoff = clock.GetUtcNow().AddDays(-30);
        var first = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: cutoff, Statuses: Finished));
        var firstReads = tables.Requests;

        Assert.Equal(3, first.PurgedInstanceCount);
        Assert.True(first.IsComplete);
        foreach (var id in new[] { completed, failed, terminated })
        {
            Assert.Null(await host.Client.GetInstanceAsync(id));
            Assert.Null(await host.Engine.Store.ReadStateRowAsync(id));
            Assert.Null(await host.Engine.Store.ReadHistoryAsync(id));
        }

        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))!.RuntimeStatus);
        foreach (var id in recent)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.Client.GetInstanceAsync(id))!.RuntimeStatus);
        }

        // It read the finished index for the days before the cutoff (three rows) and the purged instances by key: no
        // query of the Instances or History tables, nothing of the recent finished instances.
        var queries = firstReads.Where(r => r.Kind == TableRequestKind.Query).ToList();
        Assert.All(queries, q => Assert.Equal(host.Engine.Names.FinishedTable, q.Table));
        Assert.All(queries, q => Assert.True(q.IsKeyRange, q.Filter));
        Assert.Equal(3, queries.Sum(q => q.Rows));

        // Twice: nothing more goes, and the second run reads no row, however many recent instances finished.
        for (var i = 0; i < 5; i++)
        {
            recent.Add((await host.RunAsync("FanOut", 2)).InstanceId);
        }

        tables.Clear();
        var second = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: cutoff, Statuses: Finished));
        Assert.Equal(0, second.PurgedInstanceCount);
        Assert.Equal(0, tables.Requests.Where(r => r.Kind == TableRequestKind.Query).Sum(q => q.Rows));
        Assert.DoesNotContain(tables.Requests, r => r.Table == host.Engine.Names.InstancesTable || r.Table == host.Engine.Names.HistoryTable);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await host.Client.GetInstanceAsync(running))!.RuntimeStatus);
        foreach (var id in recent)
        {
            Assert.NotNull(await host.Client.GetInstanceAsync(id));
        }


        // A purge asked for running instances still leaves them.
        var all = await host.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Running]));
        Assert.Equal(0, all.PurgedInstanceCount);
        Assert.NotNull(await host.Client.GetInstanceAsync(running));
    }
}

using Shop.Durable.Core;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>What the recovery sweep reads: the instances at work, never the history of every instance run.</summary>
public sealed class RecoverySweepCostTests
{
    [Fact]
    public async Task RecoverySweep_ReadsOnlyTheInstancesWithWork_SoFinishedInstancesCostItNothing()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        var tables = new TableRequestLog((await SharedAzurite.GetAsync()).Options.TablePort);
        await using var host = await DurableTestHost.StartAsync(hub, TestTasks.Register, o =>
        {
            o.Settings["Durable__RecoverAfter"] = "00:00:00";
            o.Policies.Add(tables);
        });
        await RunFinishedAsync(host, 20);
        var waiting = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await host.StatusAsync(waiting, OrchestrationRuntimeStatus.Running);
        await Eventually.TrueAsync(() => !host.Engine.IsBusy(waiting), "the instance to wait");

        // A process that dies with an activity committed and not run.
        string stuck;
        await using (var dying = await DurableTestHost.StartAsync(hub, TestTasks.Register))
        {
            dying.Engine.Faults.SkipDispatch = (_, entry) => entry.Kind == OutboxKind.Activity;
            stuck = await dying.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence");
            await dying.HistoryAsync(stuck, h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled), "the first activity to be scheduled");
        }

        // The index holds the one instance with work: not the finished ones, not the one waiting for an event.
        var (entries, _) = await host.Engine.Store.Work.ReadPageAsync(100, null);
        Assert.Equal([stuck], entries.Select(e => e.InstanceId));

        await host.Engine.SweepAsync();
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.WaitAsync(stuck)).RuntimeStatus);
        await host.Engine.SweepAsync();

        tables.Clear();
        await host.Engine.SweepAsync();
        var before = tables.Requests;

        await RunFinishedAsync(host, 40);
        await host.Engine.SweepAsync();
        tables.Clear();
        await host.Engine.SweepAsync();
        var after = tables.Requests;

        // Only key-range reads of the work index, nothing of the Instances or History tables, and as many requests
        // and rows with 60 finished instances as with 20.
        Assert.NotEmpty(after);
        Assert.All(after, r => Assert.Equal(host.Engine.Names.WorkTable, r.Table));
        Assert.All(after.Where(r => r.Kind == TableRequestKind.Query), r => Assert.True(r.IsKeyRange, r.Filter));
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.Sum(r => r.Rows), after.Sum(r => r.Rows));
        Assert.Equal(0, after.Sum(r => r.Rows));
    }

    private static async Task RunFinishedAsync(DurableTestHost host, int count)
    {
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await host.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 3));
        }

        foreach (var id in ids)
        {
            Assert.Equal(OrchestrationRuntimeStatus.Completed, (await host.WaitAsync(id)).RuntimeStatus);
        }
    }
}

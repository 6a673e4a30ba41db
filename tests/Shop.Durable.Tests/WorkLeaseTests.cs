using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>
/// Recovery never runs an activity a second time while a live process is still running it, however long it takes,
/// and still runs the work of a process that died.
/// </summary>
public sealed class WorkLeaseTests
{
    private static readonly TimeSpan RecoverAfter = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ActivityRunningLongerThanRecoverAfter_IsNotRunAgainByAnotherProcess_UntilItsProcessDies()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        var neverEnds = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The process that runs the activity: it hangs there (a SendGrid send that takes minutes). It listens to no
        // queue and runs no sweep, so only the other process can be asked to recover the instance.
        var runnerCalls = new CallLog();
        var sweeperCalls = new CallLog();
        var runner = await DurableTestHost.StartAsync(hub, r => Register(r, runnerCalls, neverEnds.Task), o =>
        {
            o.Settings["Durable__RecoverAfter"] = RecoverAfter.ToString();
            o.Settings["Hosting__LocalTriggers"] = "false";
        });
        await using var sweeper = await DurableTestHost.StartAsync(hub, r => Register(r, sweeperCalls, Task.FromResult("done")), o =>
        {
            o.Settings["Durable__RecoverAfter"] = RecoverAfter.ToString();
            o.RecoverySchedule = "*/1 * * * * *";
        });

        string id;
        try
        {
            id = await runner.Client.ScheduleNewOrchestrationInstanceAsync("HangingStep");
            await Eventually.TrueAsync(() => runnerCalls.Count(id, "Hang") == 1, "the activity to start in the runner");

            // Three times RecoverAfter with no commit: the other process sweeps every second meanwhile.
            await Task.Delay(RecoverAfter * 3);
            Assert.Equal(0, sweeperCalls.Count(id, "Hang"));
            Assert.Equal(OrchestrationRuntimeStatus.Running, (await sweeper.Client.GetInstanceAsync(id))!.RuntimeStatus);
        }
        finally
        {
            // The runner dies with the activity still running.
            await runner.DisposeAsync();
        }

        var result = await sweeper.WaitAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("done", result.ReadOutputAs<string>());
        Assert.Equal(1, sweeperCalls.Count(id, "Hang"));
    }

    private static void Register(DurableTaskRegistry r, CallLog calls, Task<string> outcome)
    {
        r.AddActivityFunc<string?, string>("Hang", async (ctx, _) =>
        {
            calls.Add("Hang", ctx.InstanceId, 0);
            return await outcome;
        });
        r.AddOrchestratorFunc<string?, string>("HangingStep", (ctx, _) => ctx.CallActivityAsync<string>("Hang"));
    }
}

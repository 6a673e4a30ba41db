using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>The programming model end to end: activities, fan-out, events, timers, retries, payloads, sub-orchestrations.</summary>
public sealed class OrchestrationTests(DurableHostFixture fixture) : IClassFixture<DurableHostFixture>
{
    private DurableTestHost Host => fixture.Host;

    [Fact]
    public async Task HelloSequence_RunsActivitiesInOrder_AndCompletesWithTheirResults()
    {
        var result = await Host.RunAsync("HelloSequence");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Tokyo! Hello Seattle! Hello London! Hello Paris! Hello Berlin!", result.ReadOutputAs<string>());
        Assert.Equal(TestTasks.Cities, Host.Calls.For(result.InstanceId).Select(c => c.Note));
        var history = (await Host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        Assert.Equal(5, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
        Assert.Equal(Enumerable.Range(0, history.Count), history.Select(e => e.Sequence));
    }

    [Fact]
    public async Task ScheduledActivity_RunsWhileItsEpisodeCommits_OnceOnly_AndItsResultIsAppliedAfterTheCommit()
    {
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), TestTasks.Register);
        var ranDuringCommit = 0;
        var scheduled = 0;
        host.Engine.Faults.BeforeCommit = async (id, started) =>
        {
            // Hold each commit that scheduled a greeting until that greeting has run (one instance commits in turn).
            if (started > 0)
            {
                scheduled += started;
                await Eventually.TrueAsync(() => Task.FromResult(host.Calls.For(id).Count >= scheduled), "the activity to run while its episode commits", TimeSpan.FromSeconds(10));
                ranDuringCommit++;
            }
        };

        var result = await host.RunAsync("HelloSequence");

        Assert.Equal("Hello Tokyo! Hello Seattle! Hello London! Hello Paris! Hello Berlin!", result.ReadOutputAs<string>());
        Assert.Equal(5, ranDuringCommit);
        Assert.Equal(TestTasks.Cities, host.Calls.For(result.InstanceId).Select(c => c.Note));
        var history = (await host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        Assert.Equal(5, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
    }

    [Fact]
    public async Task FanOutFanIn_AppliesEveryResultExactlyOnce()
    {
        var result = await Host.RunAsync("FanOut", 20);

        Assert.Equal(Enumerable.Range(1, 20).Sum(i => i * i), result.ReadOutputAs<int>());
        var history = (await Host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        Assert.Equal(20, history.Count(e => e.EventType == HistoryEventType.TaskScheduled));
        Assert.Equal(20, history.Where(e => e.EventType == HistoryEventType.TaskCompleted).Select(e => e.TaskId).Distinct().Count());
    }

    [Fact]
    public async Task Activity_GetsAnIdempotencyKeyOfInstanceAndTask_AndNewGuidIsDeterministicPerCall()
    {
        var result = await Host.RunAsync("Keys", instanceId: "keys-" + Guid.NewGuid().ToString("N"));

        var values = result.ReadOutputAs<string[]>()!;
        Assert.Equal($"{result.InstanceId}:0", values[0]);
        Assert.Equal($"{result.InstanceId}:1", values[1]);
        Assert.NotEqual(values[2], values[3]);
    }

    [Fact]
    public async Task Event_RaisedBeforeAnyoneWaits_IsKeptForTheWaiter()
    {
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("GoThenData");
        await Host.StatusAsync(id, OrchestrationRuntimeStatus.Running);

        await Host.Client.RaiseEventAsync(id, "DATA", "early payload");
        await Host.Client.RaiseEventAsync(id, "go", "now");

        var result = await Host.WaitAsync(id);
        Assert.Equal("early payload", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitWithTimeout_ReturnsTheEvent_WhenItArrivesInTime()
    {
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("WaitWithTimeout", 60);
        await Host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TimerCreated), "the timeout timer");

        await Host.Client.RaiseEventAsync(id, "Approval", "yes");

        var result = await Host.WaitAsync(id);
        Assert.Equal("event:yes", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitWithTimeout_TimesOut_WhenNoEventArrives()
    {
        var result = await Host.RunAsync("WaitWithTimeout", 1);

        Assert.Equal("timeout", result.ReadOutputAs<string>());
        var history = (await Host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        Assert.Contains(history, e => e.EventType == HistoryEventType.TimerFired);
    }

    [Fact]
    public async Task ShortTimer_FiresAfterItsDelay()
    {
        var result = await Host.RunAsync("Timer", 1.5);

        var times = result.ReadOutputAs<DateTime[]>()!;
        Assert.True(times[1] - times[0] >= TimeSpan.FromSeconds(1.5), $"The timer fired after {times[1] - times[0]}.");
        var history = (await Host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        var created = Assert.Single(history, e => e.EventType == HistoryEventType.TimerCreated);
        Assert.Equal(times[0].AddSeconds(1.5), created.FireAt);
    }

    [Fact]
    public async Task RetryPolicy_RetriesWithBackoffThroughDurableTimers_ThenThrowsTaskFailedExceptionWithDetails()
    {
        var result = await Host.RunAsync("Retry");

        var details = result.ReadOutputAs<TaskFailureDetails>()!;
        Assert.Equal(typeof(InvalidOperationException).FullName, details.ErrorType);
        Assert.StartsWith("boom at task", details.ErrorMessage, StringComparison.Ordinal);
        Assert.NotNull(details.StackTrace);

        var attempts = Host.Calls.For(result.InstanceId);
        Assert.Equal(3, attempts.Count);
        var history = (await Host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        // Microsoft's retry loop also records a zero-length timer once the last attempt has failed.
        var timers = history.Where(e => e.EventType == HistoryEventType.TimerCreated).ToList();
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], timers.Select(t => t.FireAt!.Value - t.Timestamp).Where(d => d > TimeSpan.Zero));
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.9), "The second attempt came before the first back-off.");
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromSeconds(1.9), "The third attempt came before the second back-off.");
    }

    [Fact]
    public async Task RetryPolicy_DoesNotRetry_FailuresTheHandlerRejects()
    {
        var result = await Host.RunAsync("RetryOnlyTransient");

        Assert.Equal(typeof(InvalidOperationException).FullName, result.ReadOutputAs<string>());
        Assert.Single(Host.Calls.For(result.InstanceId));
    }

    [Fact]
    public async Task Payloads_LargerThan64KiB_RoundTripThroughInputActivityEventAndOutput()
    {
        var input = RandomText(100 * 1024);
        var extra = RandomText(90 * 1024);
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("Large", input);
        await Host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted), "the echo");

        await Host.Client.RaiseEventAsync(id, "Big", extra);

        var result = await Host.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(input, result.ReadInputAs<string>());
        Assert.Equal(input + "!" + extra, result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Payload_OverAMegabyte_IsKeptInBlobs_AndRoundTrips()
    {
        var input = RandomText(1200 * 1024);

        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("Large", input);
        await Host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted), "the echo");
        await Host.Client.RaiseEventAsync(id, "Big", "end");

        var result = await Host.WaitAsync(id);
        Assert.Equal(input + "!end", result.ReadOutputAs<string>());
        var row = (await Host.Engine.Store.History.GetEntityAsync<Azure.Data.Tables.TableEntity>(id, Shop.Durable.Core.InstanceState.HistoryRowKey(id, 0, 0))).Value;
        Assert.NotNull(row.GetString("EventsBlob"));
    }

    [Fact]
    public async Task SubOrchestrations_ReturnTheirOutputToTheParent()
    {
        var result = await Host.RunAsync("Parent", 3);

        Assert.Equal(20, result.ReadOutputAs<int>());
        var child = await Host.Client.GetInstanceAsync(result.InstanceId + "-named", getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, child!.RuntimeStatus);
        Assert.Equal(result.InstanceId, (await Host.Engine.Store.ReadInstanceAsync(child.InstanceId))!.ParentInstanceId);
        Assert.Equal(10, child.ReadOutputAs<int>());
    }

    [Fact]
    public async Task SubOrchestration_ThatFails_ThrowsTaskFailedExceptionInTheParent()
    {
        var result = await Host.RunAsync("ParentOfFailing");

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("FailingChild: boom at task 0", result.ReadOutputAs<string>());
        var child = await Host.Client.GetInstanceAsync(await Host.Client.FirstChildIdAsync(result.InstanceId));
        Assert.Equal(OrchestrationRuntimeStatus.Failed, child!.RuntimeStatus);
    }

    [Fact]
    public async Task ContinueAsNew_RestartsWithFreshHistory()
    {
        var result = await Host.RunAsync("Counter", 0);

        Assert.Equal(3, result.ReadOutputAs<int>());
        Assert.Equal(3, result.ReadInputAs<int>());
        var history = (await Host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        var started = Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
        Assert.Equal("3", started.Input);
        Assert.Single(history, e => e.EventType == HistoryEventType.TaskScheduled);
        await Eventually.TrueAsync(
            async () => (await HistoryRowKeysAsync(result.InstanceId)).All(rk => rk.StartsWith("h000003-", StringComparison.Ordinal)),
            "the earlier generations' rows to be deleted");
    }

    [Fact]
    public async Task CustomStatus_IsVisibleWhileRunning()
    {
        var id = await Host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");

        var running = await Eventually.ValueAsync(() => Host.Client.GetInstanceAsync(id), m => m?.SerializedCustomStatus is not null, "the custom status");
        Assert.Equal(OrchestrationRuntimeStatus.Running, running!.RuntimeStatus);
        Assert.Equal("{\"stage\":\"waiting\"}", running.SerializedCustomStatus);

        await Host.Client.RaiseEventAsync(id, "Approval", "ok");
        Assert.Equal("ok", (await Host.WaitAsync(id)).ReadOutputAs<string>());
    }

    private async Task<List<string>> HistoryRowKeysAsync(string instanceId)
    {
        var keys = new List<string>();
        await foreach (var row in Host.Engine.Store.History.QueryAsync<Azure.Data.Tables.TableEntity>(
            Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {instanceId} and RowKey lt 'state'")))
        {
            keys.Add(row.RowKey);
        }

        return keys;
    }

    private static string RandomText(int length)
    {
        var bytes = new byte[length * 3 / 4];
        Random.Shared.NextBytes(bytes);
        return Convert.ToBase64String(bytes)[..length];
    }
}

namespace Shop.Durable.Tests;

/// <summary>Managing instances: duplicate starts, terminate, suspend/resume, rewind, purge, queries.</summary>
public sealed class LifecycleTests(DurableHostFixture fixture) : IClassFixture<DurableHostFixture>
{
    private DurableTestHost Host => fixture.Host;

    private DurableTaskClient Client => Host.Client;

    [Fact]
    public async Task Start_WithAnIdThatIsRunning_IsRefused_AndLeavesTheRunningInstanceAlone()
    {
        var id = "order-" + Guid.NewGuid().ToString("N");
        await Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval", input: null, options: new StartOrchestrationOptions(id));
        await Host.StatusAsync(id, OrchestrationRuntimeStatus.Running);

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence", input: null, options: new StartOrchestrationOptions(id)));
        Assert.Equal("Running", refused.Status);

        await Client.RaiseEventAsync(id, "Approval", "still mine");
        Assert.Equal("still mine", (await Host.WaitAsync(id)).ReadOutputAs<string>());
        var history = (await Client.GetInstanceHistoryAsync(id))!;
        Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted);
    }

    [Fact]
    public async Task Start_WithTheIdOfAFinishedInstance_RunsItAfresh()
    {
        var id = "again-" + Guid.NewGuid().ToString("N");
        await Host.RunAsync("FanOut", 2, id);

        var second = await Host.RunAsync("FanOut", 3, id);

        Assert.Equal(14, second.ReadOutputAs<int>());
        var history = (await Client.GetInstanceHistoryAsync(id))!;
        Assert.Equal("3", Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionStarted).Input);
    }

    [Fact]
    public async Task Start_WithTheIdOfAFinishedInstance_AndItsStatusDeduplicated_IsRefused_AndKeepsTheFirstRun()
    {
        var id = "once-" + Guid.NewGuid().ToString("N");
        await Host.RunAsync("FanOut", 2, id);
        var terminal = new[] { OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated };

        var refused = await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(
            () => Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 3, new StartOrchestrationOptions(id).WithDedupeStatuses(terminal)));

        Assert.Equal("Completed", refused.Status);
        var instance = (await Client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);
        Assert.Equal("2", instance.SerializedInput);
        Assert.Single((await Client.GetInstanceHistoryAsync(id))!, e => e.EventType == HistoryEventType.ExecutionStarted);
    }

    [Fact]
    public async Task Start_WithAStartTime_StaysPendingUntilThen()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 2, new StartOrchestrationOptions(StartAt: DateTimeOffset.UtcNow.AddSeconds(2)));

        var pending = await Client.GetInstanceAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, pending!.RuntimeStatus);
        var scheduledAt = (await Host.Engine.Store.ReadInstanceAsync(id))!.ScheduledStartAt;
        Assert.NotNull(scheduledAt);

        var done = await Host.WaitAsync(id);
        Assert.Equal(5, done.ReadOutputAs<int>());
        Assert.True(done.LastUpdatedAt.UtcDateTime >= scheduledAt!.Value.AddMilliseconds(-10));
    }

    [Fact]
    public async Task Terminate_StopsARunningInstance_AndRefusesAFinishedOne()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await Host.StatusAsync(id, OrchestrationRuntimeStatus.Running);

        await Client.TerminateInstanceAsync(id, "cancelled by ops");

        var terminated = await Client.GetInstanceAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, terminated!.RuntimeStatus);
        Assert.Equal("cancelled by ops", terminated.ReadOutputAs<string>());
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.TerminateInstanceAsync(id));
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.RaiseEventAsync(id, "Approval", "too late"));
    }

    [Fact]
    public async Task Suspend_HoldsEventsUntilResume()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync("SuspendMe", 0);
        await Host.StatusAsync(id, OrchestrationRuntimeStatus.Running);

        await Client.SuspendInstanceAsync(id, "maintenance");
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))!.RuntimeStatus);
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.SuspendInstanceAsync(id));

        await Client.RaiseEventAsync(id, "X", 21);
        var held = (await Client.GetInstanceHistoryAsync(id))!;
        Assert.Contains(held, e => e.EventType == HistoryEventType.EventRaised);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await Client.GetInstanceAsync(id))!.RuntimeStatus);

        await Client.ResumeInstanceAsync(id, "done");
        Assert.Equal(42, (await Host.WaitAsync(id)).ReadOutputAs<int>());
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.ResumeInstanceAsync(id));
    }

    [Fact]
    public async Task Rewind_RerunsAFailedInstanceFromItsLastFailure()
    {
        TestTasks.FlakyFails = true;
        var failed = await Host.RunAsync("FlakyFlow");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Contains("flaky is down", failed.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.ResumeInstanceAsync(failed.InstanceId));

        TestTasks.FlakyFails = false;
        await Client.RewindInstanceAsync(failed.InstanceId, "flaky is fixed");

        var rewound = await Host.WaitAsync(failed.InstanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, rewound.RuntimeStatus);
        Assert.Equal("4 flaky is up", rewound.ReadOutputAs<string>());
        Assert.Null(rewound.FailureDetails);
        Assert.Equal(1, Host.Calls.Count(failed.InstanceId, nameof(Square)));
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.RewindInstanceAsync(failed.InstanceId, "test"));
    }

    [Fact]
    public async Task Rewind_OfAParent_RewindsItsFailedSubOrchestration()
    {
        TestTasks.FlakyFails = true;
        var failed = await Host.RunAsync("FlakyParent");
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);

        TestTasks.FlakyFails = false;
        await Client.RewindInstanceAsync(failed.InstanceId, "test");

        Assert.Equal("4 flaky is up", (await Host.WaitAsync(failed.InstanceId)).ReadOutputAs<string>());
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await Client.GetInstanceAsync(await Client.FirstChildIdAsync(failed.InstanceId)))!.RuntimeStatus);
    }

    [Fact]
    public async Task Purge_DeletesAFinishedInstance_AndRefusesARunningOne()
    {
        var running = await Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await Host.StatusAsync(running, OrchestrationRuntimeStatus.Running);
        await Assert.ThrowsAsync<OrchestrationStateException>(() => Client.PurgeInstanceAsync(running));

        var finished = await Host.RunAsync("HelloSequence");
        var result = await Client.PurgeInstanceAsync(finished.InstanceId);

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.Null(await Client.GetInstanceAsync(finished.InstanceId));
        Assert.Null(await Client.GetInstanceHistoryAsync(finished.InstanceId));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => Client.PurgeInstanceAsync(finished.InstanceId));
        await Assert.ThrowsAsync<OrchestrationNotFoundException>(() => Client.RaiseEventAsync("no-such-" + Guid.NewGuid().ToString("N"), "X"));
    }

    [Fact]
    public async Task Query_FiltersByStatusAndCreationTime_InPages()
    {
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await Host.RunAsync("FanOut", 1)).InstanceId);
        }

        var waiting = await Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await Host.StatusAsync(waiting, OrchestrationRuntimeStatus.Running);

        var found = new List<OrchestrationMetadata>();
        var query = new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Completed], CreatedFrom = since, PageSize = 2 };
        var pages = 0;
        await foreach (var page in Client.GetAllInstancesAsync(query).AsPages())
        {
            pages++;
            found.AddRange(page.Values);
        }

        Assert.Subset(found.Select(m => m.InstanceId).ToHashSet(), ids.ToHashSet());
        Assert.All(found, m => Assert.Equal(OrchestrationRuntimeStatus.Completed, m.RuntimeStatus));
        Assert.DoesNotContain(found, m => m.InstanceId == waiting);
        Assert.True(pages >= 3, $"{found.Count} instances came in {pages} page(s) of 2.");

        var running = await Client.GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running], CreatedFrom = since }).ToListAsync();
        Assert.Contains(running, m => m.InstanceId == waiting);
        var future = await Client.GetAllInstancesAsync(new OrchestrationQuery { CreatedFrom = DateTimeOffset.UtcNow.AddMinutes(1) }).ToListAsync();
        Assert.Empty(future);
    }
}

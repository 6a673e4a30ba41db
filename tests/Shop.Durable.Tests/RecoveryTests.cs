using Azure.Data.Tables;
using Shop.Durable.Core;
using Shop.Hosting.Functions;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>At-least-once delivery, crashes, duplicates, concurrent writers and poison messages.</summary>
public sealed class RecoveryTests
{
    [Fact]
    public async Task CrashAfterCommit_BeforeTheScheduledActivityRan_IsRecoveredFromTheOutbox()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        string id;
        await using (var dying = await DurableTestHost.StartAsync(hub, TestTasks.Register))
        {
            dying.Engine.Faults.SkipDispatch = (_, entry) => entry.Kind == OutboxKind.Activity;
            id = await dying.Client.ScheduleNewOrchestrationInstanceAsync("HelloSequence");
            await dying.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled), "the first activity to be scheduled");
            Assert.Empty(dying.Calls.For(id));
        }

        // The process died with the activity committed in the outbox. Another one's recovery sweep runs it.
        await using var survivor = await DurableTestHost.StartAsync(hub, TestTasks.Register, o =>
        {
            o.Settings["Durable__RecoverAfter"] = "00:00:01";
            o.RecoverySchedule = "*/1 * * * * *";
        });

        var result = await survivor.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Tokyo! Hello Seattle! Hello London! Hello Paris! Hello Berlin!", result.ReadOutputAs<string>());
        Assert.Equal(TestTasks.Cities, survivor.Calls.For(id).Select(c => c.Note));
    }

    [Fact]
    public async Task CrashAfterAnIdleInstanceWokeUp_IsRecovered_EvenAfterTheSweepMarkedItIdle()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        static void Register(DurableTaskRegistry r)
        {
            TestTasks.Register(r);
            r.AddOrchestratorFunc<string?, string>("WaitThenGreet", async (ctx, _) =>
                await ctx.CallActivityAsync<string>(nameof(SayHello), await ctx.WaitForExternalEvent<string>("Go")));
        }

        string id;
        await using (var dying = await DurableTestHost.StartAsync(hub, Register, o => o.Settings["Durable__RecoverAfter"] = "00:00:00"))
        {
            id = await dying.Client.ScheduleNewOrchestrationInstanceAsync("WaitThenGreet");
            await dying.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.ExecutionStarted), "the first episode");
            await Eventually.TrueAsync(() => !dying.Engine.IsBusy(id), "the instance to wait");
            await dying.Engine.SweepAsync(); // marks the waiting instance as having no work
            dying.Engine.Faults.SkipDispatch = (_, entry) => entry.Kind == OutboxKind.Activity;

            await dying.Client.RaiseEventAsync(id, "Go", "Oslo");
            await dying.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskScheduled), "the activity to be scheduled");
        }

        await using var survivor = await DurableTestHost.StartAsync(hub, Register, o =>
        {
            o.Settings["Durable__RecoverAfter"] = "00:00:01";
            o.RecoverySchedule = "*/1 * * * * *";
        });

        Assert.Equal("Hello Oslo!", (await survivor.WaitAsync(id)).ReadOutputAs<string>());
    }

    [Fact]
    public async Task CrashAfterTheStartWasAccepted_BeforeItRan_IsStartedByRecovery()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        await using var host = await DurableTestHost.StartAsync(hub, TestTasks.Register, o => o.Settings["Durable__RecoverAfter"] = "00:00:00");

        // As if the process died right after writing the Instances row (its work index row goes first).
        var id = "lost-start-" + Guid.NewGuid().ToString("N");
        await host.Engine.Store.Work.MarkAsync(id, DateTime.UtcNow);
        await host.Engine.Store.TryInsertInstanceAsync(new Storage.InstanceRecord
        {
            InstanceId = id,
            Name = "FanOut",
            RuntimeStatus = InstanceStatus.Pending,
            CreatedAt = DateTime.UtcNow,
            LastUpdatedAt = DateTime.UtcNow,
            Input = "3",
            ExecutionId = Guid.NewGuid().ToString("N"),
        });

        await host.Engine.SweepAsync();

        Assert.Equal(14, (await host.WaitAsync(id)).ReadOutputAs<int>());
    }

    [Fact]
    public async Task DuplicateMessages_AreAbsorbed_NoSecondEventOrActivityResultIsApplied()
    {
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), r =>
        {
            TestTasks.Register(r);
            r.AddOrchestratorFunc<string?, string>("SquareThenEvents", async (ctx, _) =>
            {
                var square = await ctx.CallActivityAsync<int>(nameof(Square), 7);
                var a = await ctx.WaitForExternalEvent<string>("A");
                var more = ctx.WaitForExternalEvent<string>("A");
                var b = await ctx.WaitForExternalEvent<string>("B");
                return $"{square} {a} {b} {(more.IsCompleted ? "second A!" : "one A")}";
            });
        });
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("SquareThenEvents");
        await host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted), "the activity result");

        // The same event delivered twice through the control queue, and the activity redelivered (it runs again:
        // at least once) through the work-item queue.
        var eventA = new InstanceMessage { Kind = MessageKind.EventRaised, InstanceId = id, Name = "A", EventId = "event-a-1", Payload = "\"first\"" };
        await host.Engine.SendControlAsync(eventA);
        await host.Engine.SendControlAsync(eventA);
        await InvokeAsync(host, EngineTriggers.WorkItems, new InstanceMessage { Kind = MessageKind.RunActivity, InstanceId = id, TaskId = 0, Name = nameof(Square), Payload = "7" });
        await Eventually.TrueAsync(() => host.Calls.Count(id, nameof(Square)) == 2, "the redelivered activity to run");
        await host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.EventRaised), "the event");
        await host.Engine.SendControlAsync(eventA);

        await host.Client.RaiseEventAsync(id, "B", "second");

        var result = await host.WaitAsync(id);
        Assert.Equal("49 first second one A", result.ReadOutputAs<string>());
        var history = (await host.Client.GetInstanceHistoryAsync(id))!;
        Assert.Single(history, e => e.EventType == HistoryEventType.TaskCompleted);
        Assert.Single(history, e => e.EventType == HistoryEventType.EventRaised && e.Name == "A");
    }

    [Fact]
    public async Task TwoProcesses_ApplyingMessagesToOneInstanceAtOnce_BothAreAppliedExactlyOnce()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        await using var one = await DurableTestHost.StartAsync(hub, TestTasks.Register);
        await using var two = await DurableTestHost.StartAsync(hub, TestTasks.Register);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await one.Client.ScheduleNewOrchestrationInstanceAsync("TwoEvents"));
        }

        foreach (var id in ids)
        {
            await one.StatusAsync(id, OrchestrationRuntimeStatus.Running);
        }

        // Both processes write to every instance at the same moment; the ETag makes one of them reload and re-apply.
        await Task.WhenAll(ids.SelectMany(id => new[]
        {
            Task.Run(() => one.Client.RaiseEventAsync(id, "A", "from-one")),
            Task.Run(() => two.Client.RaiseEventAsync(id, "B", "from-two")),
        }));

        foreach (var id in ids)
        {
            var result = await one.WaitAsync(id);
            Assert.Equal("from-one+from-two", result.ReadOutputAs<string>());
            var history = (await one.Client.GetInstanceHistoryAsync(id))!;
            Assert.Equal(2, history.Count(e => e.EventType == HistoryEventType.EventRaised));
            Assert.Single(history, e => e.EventType == HistoryEventType.ExecutionCompleted);
        }
    }

    [Fact]
    public async Task MessageFailingMaxDequeueCountTimes_GoesToThePoisonQueue_AndFailsTheInstanceWithTheReason()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        await using var host = await DurableTestHost.StartAsync(hub, TestTasks.Register);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.ExecutionStarted), "the first episode");
        await Eventually.TrueAsync(() => !host.Engine.IsBusy(id), "the first episode to settle");

        // The instance's stored history is damaged, so every delivery of a message for it fails.
        var row = (await host.Engine.Store.History.GetEntityAsync<TableEntity>(id, Shop.Durable.Core.InstanceState.HistoryRowKey(id, 0, 0))).Value;
        row["Events"] = new byte[] { 0x7B, 0x7B, 0x7B };
        await host.Engine.Store.History.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace);
        host.Engine.Evict(id);
        await host.Engine.SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = id });

        var failed = await host.StatusAsync(id, OrchestrationRuntimeStatus.Failed);
        Assert.Equal("PoisonMessage", failed.FailureDetails!.ErrorType);
        Assert.Contains("failed 5 times and was moved to the poison queue", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        var poison = host.Services.GetRequiredService<Shop.Hosting.Storage.StorageClientFactory>()
            .GetQueueClient(host.Engine.Names.ControlQueueFor(id) + "-poison");
        var parked = await Eventually.ValueAsync(async () => (await poison.PeekMessagesAsync(10)).Value, m => m.Length > 0, "the poison queue to hold the message");
        Assert.Contains(id, parked[0].Body.ToString(), StringComparison.Ordinal);
        await Assert.ThrowsAsync<OrchestrationStateException>(() => host.Client.RaiseEventAsync(id, "Approval", "too late"));
    }

    [Fact]
    public async Task MessageFailingEveryDeliveryDuringAStorageOutage_IsSentAgain_AndTheInstanceLivesOn()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        var faults = new StorageFaults();
        var sent = new QueueSendCapture();
        await using var host = await DurableTestHost.StartAsync(hub, TestTasks.Register, o =>
        {
            o.Policies.Add(sent);
            o.Policies.Add(faults);
            o.Settings["Durable__OutageRetryDelay"] = "00:00:01";
        });
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await host.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.ExecutionStarted), "the first episode");
        await Eventually.TrueAsync(() => !host.Engine.IsBusy(id), "the first episode to settle");

        // The history table stops answering (503) while a message for the instance is delivered: every delivery fails.
        var historyTable = host.Engine.Names.HistoryTable;
        faults.FailWhen(r => r.Uri.Path.Contains(historyTable, StringComparison.Ordinal));
        host.Engine.Evict(id);
        await host.Engine.SendControlAsync(new InstanceMessage { Kind = MessageKind.Recover, InstanceId = id });
        // After the last delivery the message is sent again for later (before: the instance was failed as poisoned).
        await Eventually.TrueAsync(
            async () => sent.Sent.Any(m => m.Visibility == TimeSpan.FromSeconds(1) && m.Text.Contains(id, StringComparison.Ordinal))
                || (await host.Client.GetInstanceAsync(id))?.RuntimeStatus == OrchestrationRuntimeStatus.Failed,
            "the last delivery to fail",
            TimeSpan.FromSeconds(90));
        faults.FailWhen(null);

        // Storage is back: the instance was not failed, and takes its event.
        await host.Client.RaiseEventAsync(id, "Approval", "approved");
        var result = await host.WaitAsync(id);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("approved", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivitiesBeyondTheLocalBacklog_GoThroughTheWorkItemQueue_AndComplete()
    {
        var sent = new QueueSendCapture();
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), r =>
        {
            TestTasks.Register(r);
            r.AddActivityFunc<int, int>("Slow", async (_, n) =>
            {
                await Task.Delay(50);
                return n;
            });
            r.AddOrchestratorFunc<int, int>("SlowFanOut", async (ctx, n) =>
                (await Task.WhenAll(Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Slow", i)))).Sum());
        }, o =>
        {
            o.Settings["Durable__MaxConcurrentActivities"] = "1";
            o.Settings["Durable__MaxActivityBacklog"] = "2";
            o.Policies.Add(sent);
        });

        var result = await host.RunAsync("SlowFanOut", 10);

        Assert.Equal(55, result.ReadOutputAs<int>());
        Assert.Contains(sent.Sent, m => m.Queue == host.Engine.Names.WorkItemQueue);
        var history = (await host.Client.GetInstanceHistoryAsync(result.InstanceId))!;
        Assert.Equal(10, history.Count(e => e.EventType == HistoryEventType.TaskCompleted));
    }

    [Fact]
    public async Task RecoverySweep_FailsTheInstanceOfAMessageParkedInAPoisonQueue()
    {
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), TestTasks.Register);
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("WaitForApproval");
        await host.StatusAsync(id, OrchestrationRuntimeStatus.Running);

        // The host moved a message to the poison queue without the engine seeing its last delivery (its process died).
        var poison = host.Services.GetRequiredService<Shop.Hosting.Storage.StorageClientFactory>().GetQueueClient(host.Engine.Names.WorkItemQueue + "-poison");
        await poison.CreateIfNotExistsAsync();
        await poison.SendMessageAsync(System.Text.Json.JsonSerializer.Serialize(
            new InstanceMessage { Kind = MessageKind.RunActivity, InstanceId = id, Name = "Square", Payload = "2" }, Storage.DurableJson.Records));

        await host.Engine.SweepAsync();

        var failed = await host.StatusAsync(id, OrchestrationRuntimeStatus.Failed);
        Assert.Equal("PoisonMessage", failed.FailureDetails!.ErrorType);
        Assert.Contains("-poison", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    private static async Task InvokeAsync(DurableTestHost host, string function, InstanceMessage message)
    {
        var declaration = host.Services.GetRequiredService<BackgroundTriggers>().Triggers.Find(function)!;
        var invoker = host.Services.GetRequiredService<FunctionInvoker>();
        await invoker.InvokeQueueAsync(declaration, System.Text.Json.JsonSerializer.Serialize(message, Storage.DurableJson.Records), Guid.NewGuid().ToString(), 1, DateTimeOffset.UtcNow);
    }
}

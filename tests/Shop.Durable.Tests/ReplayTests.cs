using Microsoft.Extensions.Logging;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>Deterministic replay across processes, and what happens when the code no longer matches the history.</summary>
public sealed class ReplayTests
{
    [Fact]
    public async Task AnotherProcess_ReplaysTheHistory_AndContinuesWithoutRunningCompletedActivitiesAgain()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        string id;
        await using (var first = await DurableTestHost.StartAsync(hub, Register))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Evolving");
            await first.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted), "the first activity");
        }

        await using var second = await DurableTestHost.StartAsync(hub, Register);
        await second.Client.RaiseEventAsync(id, "Go", "on");

        var result = await second.WaitAsync(id);
        Assert.Equal("Hello a! on", result.ReadOutputAs<string>());
        Assert.Empty(second.Calls.For(id));
    }

    [Fact]
    public async Task ChangedOrchestrator_FailsTheInstance_WithANonDeterminismError()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        string id;
        await using (var first = await DurableTestHost.StartAsync(hub, Register))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Evolving");
            await first.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted), "the first activity");
        }

        // The new deployment calls a different activity first.
        await using var second = await DurableTestHost.StartAsync(hub, r =>
        {
            TestTasks.Register(r);
            r.AddOrchestratorFunc<string?, string>("Evolving", async (ctx, _) =>
            {
                var first = await ctx.CallActivityAsync<int>(nameof(Square), 3);
                return first + " " + await ctx.WaitForExternalEvent<string>("Go");
            });
        });

        await second.Client.RaiseEventAsync(id, "Go", "on");

        var failed = await second.StatusAsync(id, OrchestrationRuntimeStatus.Failed);
        Assert.Contains("NonDeterministic", failed.FailureDetails!.ErrorType, StringComparison.Ordinal);
        Assert.Contains("SayHello", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(second.Calls.For(id));
    }

    [Fact]
    public async Task ReplaySafeLogger_DoesNotLogAgainWhileReplaying()
    {
        var hub = AzuriteFixture.UniqueName("dt");
        static void Chatty(DurableTaskRegistry r)
        {
            TestTasks.Register(r);
            r.AddOrchestratorFunc<string?, string>("Chatty", async (ctx, _) =>
            {
                var log = ctx.CreateReplaySafeLogger("Chatty");
                log.LogWarning("step 1");
                await ctx.CallActivityAsync("Noop");
                log.LogWarning("step 2");
                var go = await ctx.WaitForExternalEvent<string>("Go");
                log.LogWarning("step 3");
                return go;
            });
        }

        var firstLog = new CapturingLoggerProvider("Chatty");
        string id;
        await using (var first = await DurableTestHost.StartAsync(hub, Chatty, o => o.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(firstLog)))
        {
            id = await first.Client.ScheduleNewOrchestrationInstanceAsync("Chatty");
            await first.HistoryAsync(id, h => h.Any(e => e.EventType == HistoryEventType.TaskCompleted), "the activity");
            await Eventually.TrueAsync(() => firstLog.Messages.Count == 2, "two log lines");
        }

        var secondLog = new CapturingLoggerProvider("Chatty");
        await using var second = await DurableTestHost.StartAsync(hub, Chatty, o => o.ConfigureServices = s => s.AddSingleton<ILoggerProvider>(secondLog));
        await second.Client.RaiseEventAsync(id, "Go", "done");
        await second.WaitAsync(id);

        Assert.Equal(["step 1", "step 2"], firstLog.Messages);
        Assert.Equal(["step 3"], secondLog.Messages);
    }

    private static void Register(DurableTaskRegistry r)
    {
        TestTasks.Register(r);
        r.AddOrchestratorFunc<string?, string>("Evolving", async (ctx, _) =>
        {
            var first = await ctx.CallActivityAsync<string>(nameof(SayHello), "a");
            return first + " " + await ctx.WaitForExternalEvent<string>("Go");
        });
    }
}

using System.Text.Json;
using Shop.Durable.Core;
using Shop.Durable.Storage;
using Shop.Hosting.Functions;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>Timers beyond the queue's 7-day visibility limit are chained in chunks of at most 3 days.</summary>
public sealed class TimerChainTests
{
    [Fact]
    public async Task TenDayTimer_IsChainedInThreeDayChunks_AndFiresAtItsTime()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var sent = new QueueSendCapture();
        await using var host = await DurableTestHost.StartAsync(AzuriteFixture.UniqueName("dt"), r =>
            r.AddOrchestratorFunc<string?, DateTime>("TenDays", async (ctx, _) =>
            {
                await ctx.CreateTimer(TimeSpan.FromDays(10), CancellationToken.None);
                return ctx.CurrentUtcDateTime;
            }),
            o =>
            {
                o.Time = clock;
                o.Policies.Add(sent);
            });
        var start = clock.GetUtcNow().UtcDateTime;
        var id = await host.Client.ScheduleNewOrchestrationInstanceAsync("TenDays");
        var controlQueue = host.Engine.Names.ControlQueueFor(id);

        // Microsoft's executor splits a timer longer than its MaximumTimerInterval (3 days) into a chain of timers, and
        // each is a queue message hidden for at most 3 days: the timer fires at its time after 4 of them.
        var chunks = new List<TimeSpan>();
        for (var i = 1; i <= 4; i++)
        {
            var message = await Eventually.ValueAsync(() => Task.FromResult(sent.Sent.Where(m => m.Queue == controlQueue).ToList()), m => m.Count == i, $"timer chunk {i}");
            var chunk = message[^1];
            var timer = JsonSerializer.Deserialize<InstanceMessage>(chunk.Text, DurableJson.Records)!;
            Assert.Equal(MessageKind.TimerFired, timer.Kind);
            Assert.Equal(start.AddDays(Math.Min(3 * i, 10)), timer.FireAt);
            chunks.Add(chunk.Visibility);
            clock.Advance(chunk.Visibility);
            await InvokeControlAsync(host, id, chunk.Text);
        }

        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(3), TimeSpan.FromDays(3), TimeSpan.FromDays(1)], chunks);
        var result = await host.WaitAsync(id);
        Assert.Equal(start.AddDays(10), result.ReadOutputAs<DateTime>());
    }

    private static async Task InvokeControlAsync(DurableTestHost host, string instanceId, string text)
    {
        var partition = TaskHubNames.PartitionOf(instanceId, host.Engine.Names.ControlQueueCount);
        var function = host.Services.GetRequiredService<BackgroundTriggers>().Triggers.Find($"{EngineTriggers.ControlPrefix}{partition:D2}")!;
        await host.Services.GetRequiredService<FunctionInvoker>().InvokeQueueAsync(function, text, Guid.NewGuid().ToString(), 1, DateTimeOffset.UtcNow);
    }
}

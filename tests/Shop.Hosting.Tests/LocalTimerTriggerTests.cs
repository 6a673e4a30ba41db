using System.Collections.Concurrent;
using Shop.Hosting.Functions;
using Shop.Hosting.Local;
using Shop.Testing;

namespace Shop.Hosting.Tests;

public sealed class LocalTimerTriggerTests
{
    [Fact]
    public async Task TimerFunction_FiresOnItsSettingSchedule_AtWholeSeconds()
    {
        var fired = new ConcurrentQueue<DateTimeOffset>();
        var functions = new FunctionCatalog().MapTimer("Tick", "%Jobs:TickSchedule%", (invocation, _) =>
        {
            fired.Enqueue(invocation.ScheduledTime);
            return Task.CompletedTask;
        });

        await using var app = await TestApp.StartAsync(functions, new Dictionary<string, string?> { ["Jobs:TickSchedule"] = "*/1 * * * * *" });
        await Eventually.TrueAsync(() => fired.Count >= 3, "three timer firings", TimeSpan.FromSeconds(15));

        var times = fired.Take(3).ToArray();
        Assert.All(times, t => Assert.Equal(0, t.Millisecond));
        Assert.True(times[1] > times[0] && times[2] > times[1], "each firing is for a later occurrence");
    }

    [Fact]
    public async Task TimerFunction_WhenARunIsSlow_NeverRunsTwiceAtOnce_AndSkipsTheTicksItOverran()
    {
        var running = 0;
        var maxConcurrent = 0;
        var runs = new ConcurrentQueue<(DateTimeOffset Scheduled, DateTimeOffset Started, DateTimeOffset Ended)>();
        var functions = new FunctionCatalog().MapTimer("Slow", "*/1 * * * * *", async (invocation, ct) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxConcurrent, now);
            var started = DateTimeOffset.UtcNow;
            if (runs.IsEmpty)
            {
                await Task.Delay(TimeSpan.FromSeconds(2.5), ct); // the slow run under test, not a wait for the test
            }

            Interlocked.Decrement(ref running);
            runs.Enqueue((invocation.ScheduledTime, started, DateTimeOffset.UtcNow));
        });

        await using var app = await TestApp.StartAsync(functions);
        await Eventually.TrueAsync(() => runs.Count >= 3, "three runs", TimeSpan.FromSeconds(20));

        var all = runs.ToArray();
        Assert.Equal(1, maxConcurrent);
        Assert.True(all[1].Scheduled > all[0].Ended.AddMilliseconds(-999), "the run after the slow one is for a tick after it ended, not a missed one");
        Assert.Equal(all.Length, all.Select(r => r.Scheduled).Distinct().Count());
    }

    [Theory]
    [InlineData("0 */5 * * *")]
    [InlineData("not a schedule")]
    [InlineData("99 * * * * *")]
    public void TimerSchedule_RejectsWhatIsNotA6FieldNcrontab(string expression) =>
        Assert.Throws<FormatException>(() => TimerSchedule.Parse(expression));

    [Fact]
    public void TimerSchedule_NextOccurrence_IsInUtc()
    {
        var schedule = TimerSchedule.Parse("0 30 9 * * *");
        var next = schedule.GetNextOccurrence(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(2)));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 9, 30, 0, TimeSpan.Zero), next);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

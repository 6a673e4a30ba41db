using System.Diagnostics;

namespace Shop.LoadTests;

/// <summary>
/// The kill loop of a chaos run: <see cref="LoadOptions.Chaos"/> times, after a gap drawn from
/// <see cref="LoadOptions.ChaosSeed"/>, kills the app with SIGKILL and starts it again at once on the same port with the
/// same settings, waiting for /api/health. Azurite belongs to the load test, not to the app's process tree: it must
/// live through every kill, and the loop stops the run if it does not.
/// </summary>
internal sealed class ChaosMonkey(ChaosApp app, LoadOptions options, int? azuritePid)
{
    public async Task<IReadOnlyList<ChaosKill>> RunAsync(Stopwatch runClock, CancellationToken cancellationToken)
    {
        var random = new Random(options.ChaosSeed);
        var kills = new List<ChaosKill>();
        for (var number = 1; number <= options.Chaos; number++)
        {
            var gap = options.ChaosGap * (0.5 + random.NextDouble());
            await Task.Delay(gap, cancellationToken);
            var pid = app.Pid;
            var at = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            await app.KillAsync();
            var dead = clock.Elapsed;
            await app.StartAsync(cancellationToken);
            var healthy = clock.Elapsed;
            if (!IsAlive(azuritePid))
            {
                throw new InvalidOperationException($"Azurite (pid {azuritePid}) died with the app at kill {number}: the kill must hit the app's process tree only.");
            }

            kills.Add(new ChaosKill(number, at, gap, dead, healthy));
            Console.WriteLine($"  kill {number,2}/{options.Chaos} at {runClock.Elapsed.TotalSeconds,5:0.0} s, {gap.TotalSeconds:0.0} s after the last start: pid {pid} gone in {dead.TotalMilliseconds:0} ms, new pid {app.Pid} healthy after {healthy.TotalMilliseconds:0} ms");
        }

        return kills;
    }

    private static bool IsAlive(int? pid)
    {
        if (pid is not { } id)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(id);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}

/// <summary>One kill: when, after how long a run of the app, how long the process took to die and the app to answer /api/health again.</summary>
internal sealed record ChaosKill(int Number, DateTimeOffset At, TimeSpan Gap, TimeSpan Dead, TimeSpan Healthy);

using System.Diagnostics;
using Shop.Hosting.Azurite;
using Shop.Testing;

namespace Shop.Hosting.Tests;

public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task Azurite_StopsListening_WhenItsWatchdogIsKilled()
    {
        var options = InMemoryOnFreePorts();
        await using var azurite = await AzuriteProcess.StartAsync(options);
        Assert.True(await AzuriteProcess.IsListeningAsync(options));

        // As a test host's process-tree kill or an OOM kill would: the watchdog dies without a chance to stop Azurite.
        using (var watchdog = Process.GetProcessById(azurite.WatchdogProcessId))
        {
            watchdog.Kill(entireProcessTree: false);
        }

        await Eventually.TrueAsync(async () => !await AzuriteProcess.IsListeningAsync(options), "Azurite to stop listening", TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task Azurite_RunsWithItsTelemetryOff()
    {
        await using var azurite = await AzuriteProcess.StartAsync(InMemoryOnFreePorts());

        // The emulator is the watchdog's child that runs azurite.js (setpriv replaces itself with node).
        var arguments = Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(pid => pid!.All(char.IsAsciiDigit))
            .Where(pid => TryRead($"/proc/{pid}/stat") is { } stat && ParentOf(stat) == azurite.WatchdogProcessId)
            .Select(pid => (TryRead($"/proc/{pid}/cmdline") ?? string.Empty).Split('\0'))
            .Single(args => args.Any(a => a.EndsWith("azurite.js", StringComparison.Ordinal)));

        Assert.Contains("--disableTelemetry", arguments);
    }

    private static AzuriteOptions InMemoryOnFreePorts() => new()
    {
        BlobPort = AzuriteProcess.FindFreePort(),
        QueuePort = AzuriteProcess.FindFreePort(),
        TablePort = AzuriteProcess.FindFreePort(),
        Location = null,
    };

    /// <summary>The parent pid in a /proc/{pid}/stat line (the field after the parenthesised command name and the state).</summary>
    private static int ParentOf(string stat) => int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}

using System.Diagnostics;
using Shop.Hosting.Azurite;
using Shop.Testing;

namespace Shop.Hosting.Tests;

public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task Azurite_StopsListening_WhenItsWatchdogIsKilled()
    {
        var options = new AzuriteOptions
        {
            BlobPort = AzuriteProcess.FindFreePort(),
            QueuePort = AzuriteProcess.FindFreePort(),
            TablePort = AzuriteProcess.FindFreePort(),
            Location = null,
        };
        await using var azurite = await AzuriteProcess.StartAsync(options);
        Assert.True(await AzuriteProcess.IsListeningAsync(options));

        // As a test host's process-tree kill or an OOM kill would: the watchdog dies without a chance to stop Azurite.
        using (var watchdog = Process.GetProcessById(azurite.WatchdogProcessId))
        {
            watchdog.Kill(entireProcessTree: false);
        }

        await Eventually.TrueAsync(async () => !await AzuriteProcess.IsListeningAsync(options), "Azurite to stop listening", TimeSpan.FromSeconds(15));
    }
}

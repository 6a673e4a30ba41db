using System.Diagnostics;
using System.Net;
using Shop.Hosting.Azurite;
using Shop.Testing;

namespace Shop.Functions.Tests;

/// <summary>
/// The README's run command on a machine where no emulator runs: the app starts Azurite itself and serves
/// <c>/api/health</c>. Runs the built app as its own process, on free ports, as <c>dotnet run</c> would.
/// </summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task App_StartedInDevelopment_StartsAzuriteItself_ServesHealth_AndStopsAzuriteOnShutdown()
    {
        var appDll = RepositoryPaths.BuiltApp();
        var (blobPort, queuePort, tablePort, httpPort) = (AzuriteProcess.FindFreePort(), AzuriteProcess.FindFreePort(), AzuriteProcess.FindFreePort(), AzuriteProcess.FindFreePort());
        var dataFolder = Directory.CreateTempSubdirectory("shop-azurite").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(appDll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["AzureWebJobsStorage"] = Hosting.Storage.StorageConnection.ForAzurite(blobPort, queuePort, tablePort);
        start.Environment["Hosting__Port"] = httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Hosting__AzuriteLocation"] = dataFolder;
        start.Environment.Remove("ASPNETCORE_URLS");

        using var app = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        app.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        app.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.Enqueue(e.Data); } };
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();
        var azuritePorts = new AzuriteOptions { BlobPort = blobPort, QueuePort = queuePort, TablePort = tablePort };
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(app.HasExited, "the app exited: " + string.Join('\n', output));
                    try
                    {
                        return (await http.GetAsync("/api/health")).StatusCode == HttpStatusCode.OK;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                "GET /api/health to answer 200",
                TimeSpan.FromSeconds(90));

            Assert.True(await AzuriteProcess.IsListeningAsync(azuritePorts), "the app started Azurite on the configured ports");
            Assert.NotEmpty(Directory.EnumerateFileSystemEntries(dataFolder));
        }
        finally
        {
            // Ctrl+C as a developer would: the app stops, and takes its emulator with it.
            using (var term = Process.Start("kill", ["-INT", app.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }

            if (!app.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                app.Kill(entireProcessTree: true);
            }
        }

        await Eventually.TrueAsync(async () => !await AzuriteProcess.IsListeningAsync(azuritePorts), "Azurite to stop with the app", TimeSpan.FromSeconds(20));
    }
}

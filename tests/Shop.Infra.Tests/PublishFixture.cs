using System.Diagnostics;

namespace Shop.Infra.Tests;

/// <summary>
/// Runs the documented deploy build once per test run: <c>dotnet publish functions/Shop.Functions -c Release -o &lt;temp&gt;</c>.
/// The Functions worker SDK writes the isolated-worker package (<c>functions.metadata</c>, <c>worker.config.json</c>,
/// <c>extensions.json</c> and the host extensions under <c>.azurefunctions/</c>); the runtime is Flex Consumption's
/// <c>dotnet-isolated</c> 10.0, so the publish is framework-dependent.
/// The build's intermediate files go to <c>artifacts/infra-tests</c> (git-ignored): the RID-specific restore then
/// never rewrites the projects' own <c>obj/</c>, so it does not force a rebuild of the normal Debug build, and a
/// second run is incremental (seconds instead of a full Release build).
/// </summary>
public sealed class PublishFixture : IAsyncLifetime
{
    public string OutputDirectory { get; } = Path.Combine(Path.GetTempPath(), "shop-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public TimeSpan Duration { get; private set; }

    public async Task InitializeAsync()
    {
        var project = Path.Combine(Repository.Root, "functions", "Shop.Functions", "Shop.Functions.csproj");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "publish", project, "-c", "Release",
            "-o", OutputDirectory, "--artifacts-path", Path.Combine(Repository.Root, "artifacts", "infra-tests"),
            "--disable-build-servers", "-nologo",
        })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild settings must not leak into the child build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("dotnet publish took more than 5 minutes:\n" + await output);
        }

        Duration = stopwatch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(OutputDirectory))
        {
            Directory.Delete(OutputDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }
}

using System.Diagnostics;
using System.Reflection;

namespace Shop.Infra.Tests.Compiler;

/// <summary>
/// The real Bicep CLI, from the <c>Azure.Bicep.CommandLine.linux-x64</c> package restore puts in the NuGet cache
/// (its path is compiled into this assembly, see Shop.Infra.Tests.csproj).
/// </summary>
internal static class BicepCli
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private static readonly Lazy<string> ExecutablePath = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string Executable => ExecutablePath.Value;

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> and waits for it.</summary>
    public static async Task<BicepRun> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} took more than {Timeout.TotalMinutes} minutes");
        }

        return new BicepRun(string.Join(' ', arguments), process.ExitCode, await output, await error);
    }

    private static string Locate()
    {
        if (!OperatingSystem.IsLinux() || System.Runtime.InteropServices.RuntimeInformation.OSArchitecture != System.Runtime.InteropServices.Architecture.X64)
        {
            throw new PlatformNotSupportedException("The infra tests run the linux-x64 Bicep CLI (Azure.Bicep.CommandLine.linux-x64): run them on linux-x64.");
        }

        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "BicepPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException($"The bicep executable is not where restore should have put it ('{path}'): run dotnet restore tests/Shop.Infra.Tests.");
        }

        // NuGet does not promise to keep the executable bit when it extracts a package.
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        return path;
    }
}

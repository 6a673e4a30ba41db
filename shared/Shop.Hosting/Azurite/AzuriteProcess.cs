using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Shop.Hosting.Storage;

namespace Shop.Hosting.Azurite;

/// <summary>
/// An Azurite emulator started from the repository's <c>node_modules</c>, bound to 127.0.0.1.
/// It runs under a small shell watchdog that stops it when the process that started it exits,
/// even if that process is killed, so no emulator outlives its owner.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output;

    private AzuriteProcess(Process process, AzuriteOptions options, List<string> output)
    {
        _process = process;
        _output = output;
        Options = options;
    }

    public AzuriteOptions Options { get; }

    /// <summary>The process id of the watchdog shell that runs Azurite (Azurite itself is its child).</summary>
    public int WatchdogProcessId => _process.Id;

    /// <summary>A connection string for this emulator.</summary>
    public string ConnectionString => StorageConnection.ForAzurite(Options.BlobPort, Options.QueuePort, Options.TablePort);

    /// <summary>Starts Azurite and waits until its three ports accept connections.</summary>
    public static async Task<AzuriteProcess> StartAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var script = FindAzuriteScript(options.SearchFrom)
            ?? throw new InvalidOperationException(
                "Azurite was not found in node_modules. Run 'npm ci' in the repository root (the build does this when node_modules is missing).");

        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The watchdog: run Azurite in the background; stop it when our process (the parent) is gone. Azurite closes its
        // services on SIGTERM but does not exit, so it gets SIGKILL 3 s later. Where setpriv is there, Azurite is also
        // killed if the watchdog itself is killed (a test host's process-tree kill).
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "if command -v setpriv >/dev/null 2>&1; then setpriv --pdeathsig KILL node \"$@\" & else node \"$@\" & fi; child=$!; "
            + "stop() { kill $child 2>/dev/null; i=0; while kill -0 $child 2>/dev/null && [ $i -lt 6 ]; do sleep 0.5; i=$((i+1)); done; kill -9 $child 2>/dev/null; }; "
            + "trap 'stop; exit 0' TERM INT; "
            + $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
            + "stop; wait $child");
        start.ArgumentList.Add("azurite-watchdog");
        start.ArgumentList.Add(script);
        foreach (var argument in Arguments(options))
        {
            start.ArgumentList.Add(argument);
        }

        var output = new List<string>();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        void Collect(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(e.Data);
                if (output.Count > 50)
                {
                    output.RemoveAt(0);
                }
            }
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, options, output);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.StartTimeout);
        try
        {
            while (!await IsListeningAsync(options, timeout.Token))
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"Azurite exited at start: {azurite.RecentOutput()}");
                }

                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await azurite.DisposeAsync();
            throw new TimeoutException($"Azurite did not answer within {options.StartTimeout}: {azurite.RecentOutput()}");
        }

        return azurite;
    }

    /// <summary>True when something accepts connections on all three of the emulator's ports.</summary>
    public static async Task<bool> IsListeningAsync(AzuriteOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var port in new[] { options.BlobPort, options.QueuePort, options.TablePort })
        {
            if (!await AcceptsAsync(port, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (TimeoutException)
        {
            // Left to the watchdog.
        }

        _process.Dispose();
    }

    private string RecentOutput()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    private static IEnumerable<string> Arguments(AzuriteOptions options)
    {
        yield return "--blobHost";
        yield return "127.0.0.1";
        yield return "--blobPort";
        yield return options.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--queueHost";
        yield return "127.0.0.1";
        yield return "--queuePort";
        yield return options.QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--tableHost";
        yield return "127.0.0.1";
        yield return "--tablePort";
        yield return options.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Azurite 3.37 rejects the service versions of the current Azure SDKs; the clients pin one too.
        yield return "--skipApiVersionCheck";
        yield return "--loose";
        yield return "--silent";
        // Azurite sends usage telemetry to Application Insights unless told not to: nothing of a developer's or a CI
        // run's should leave the machine, and its request tracing costs the emulator 10-15 % of its throughput.
        yield return "--disableTelemetry";
        if (options.Location is { } location)
        {
            Directory.CreateDirectory(location);
            yield return "--location";
            yield return location;
        }
        else
        {
            yield return "--inMemoryPersistence";
        }
    }

    private static string? FindAzuriteScript(IEnumerable<string> searchFrom)
    {
        foreach (var start in searchFrom)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

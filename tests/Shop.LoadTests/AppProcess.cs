using System.Diagnostics;
using System.Globalization;

namespace Shop.LoadTests;

/// <summary>
/// The built app (<c>Shop.Functions.dll</c>) in a child process on a loopback port, as <c>dotnet Shop.Functions.dll</c>
/// runs it. It runs under a small shell watchdog that stops it when this process exits, even when this process is
/// killed; <see cref="DisposeAsync"/> kills it at once.
/// </summary>
internal sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _shell;
    private readonly Queue<string> _recent = new();
    private readonly List<string> _firstProblems = [];
    private readonly Lock _lock = new();
    private int _warnings;
    private int _failures;

    private AppProcess(Process shell, int port)
    {
        _shell = shell;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/api/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    /// <summary>The app's own process id (the watchdog shell's child).</summary>
    public int? Pid { get; private set; }

    /// <summary>Log lines the app wrote at Warning, and at Error or Critical, so far.</summary>
    public (int Warnings, int Failures) LoggedProblems => (Volatile.Read(ref _warnings), Volatile.Read(ref _failures));

    /// <summary>
    /// Starts the app and waits until it answers /api/health. <paramref name="port"/>: the port to listen on (default a
    /// free one); <paramref name="observe"/> sees every line the app writes.
    /// </summary>
    public static async Task<AppProcess> StartAsync(string dll, IReadOnlyDictionary<string, string> settings, TimeSpan startTimeout, CancellationToken cancellationToken, int? port = null, Action<string>? observe = null)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The app is not built at {dll}: build functions/Shop.Functions in this configuration (dotnet run -c Release builds it).", dll);
        }

        var listenOn = port ?? Shop.Hosting.Azurite.AzuriteProcess.FindFreePort();
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(
            "dotnet \"$@\" & child=$!; echo \"app-pid:$child\"; trap 'kill $child 2>/dev/null; exit 0' TERM INT; "
            + $"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; "
            + "kill $child 2>/dev/null; wait $child");
        start.ArgumentList.Add("app-watchdog");
        start.ArgumentList.Add(dll);
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "Functions__Worker__HostEndpoint" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{listenOn.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Hosting__Port"] = listenOn.ToString(CultureInfo.InvariantCulture);
        foreach (var (name, value) in settings)
        {
            start.Environment[name] = value;
        }

        var shell = new Process { StartInfo = start, EnableRaisingEvents = true };
        var app = new AppProcess(shell, listenOn);
        shell.OutputDataReceived += (_, e) => app.Collect(e.Data, observe);
        shell.ErrorDataReceived += (_, e) => app.Collect(e.Data, observe);
        shell.Start();
        shell.BeginOutputReadLine();
        shell.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (shell.HasExited)
            {
                throw new InvalidOperationException($"The app exited at start:{Environment.NewLine}{app.RecentOutput()}");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("health", UriKind.Relative), cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    return app;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (clock.Elapsed > startTimeout)
            {
                await app.DisposeAsync();
                throw new TimeoutException($"The app did not answer /api/health within {startTimeout}:{Environment.NewLine}{app.RecentOutput()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The first few Warning/Error lines the app logged.</summary>
    public IReadOnlyList<string> FirstProblems()
    {
        lock (_lock)
        {
            return [.. _firstProblems];
        }
    }

    public string RecentOutput()
    {
        lock (_lock)
        {
            return string.Join(Environment.NewLine, _recent);
        }
    }

    /// <summary>
    /// Kills the app, then its watchdog shell, as <c>kill -9</c> does (<see cref="Process.Kill()"/> sends SIGKILL on
    /// Linux): no shutdown code runs. The app goes first and alone, so it dies the moment this is called, not after the
    /// ~0.1–0.4 s it takes to walk the process tree (<see cref="Process.Kill(bool)"/>), which then takes the shell.
    /// True when the app's process is dead.
    /// </summary>
    public async Task<bool> KillAsync()
    {
        if (Pid is { } appPid && !ProcessStats.IsDead(appPid))
        {
            try
            {
                using var app = Process.GetProcessById(appPid);
                app.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
            {
                // Gone already.
            }
        }

        try
        {
            if (!_shell.HasExited)
            {
                _shell.Kill(entireProcessTree: true);
                await _shell.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
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

        if (Pid is not { } pid)
        {
            return true;
        }

        // With its shell killed, the app is adopted by the init process, which reaps it when it gets to it: dead is enough.
        var clock = Stopwatch.StartNew();
        while (!ProcessStats.IsDead(pid))
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _shell.Dispose();
    }

    private void Collect(string? line, Action<string>? observe)
    {
        if (line is null)
        {
            return;
        }

        observe?.Invoke(line);

        if (Pid is null && line.StartsWith("app-pid:", StringComparison.Ordinal) && int.TryParse(line.AsSpan("app-pid:".Length), CultureInfo.InvariantCulture, out var pid))
        {
            Pid = pid;
            return;
        }

        // The simple console format: "HH:mm:ss.fff warn: Category[id] message".
        var problem = false;
        if (line.Contains(" warn: ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
            problem = true;
        }
        else if (line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _failures);
            problem = true;
        }

        lock (_lock)
        {
            if (problem && _firstProblems.Count < 5)
            {
                _firstProblems.Add(line.Length > 400 ? line[..400] : line);
            }

            _recent.Enqueue(line.Length > 400 ? line[..400] : line);
            if (_recent.Count > 40)
            {
                _recent.Dequeue();
            }
        }
    }
}

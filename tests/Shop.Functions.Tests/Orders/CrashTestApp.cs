using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Azure.Data.Tables;
using Shop.Hosting.Azurite;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>
/// The built app as a real process that a test can kill (SIGKILL, as a crashed host or a pulled plug would) and
/// start again with the same settings: against the run's shared Azurite, in Development, on a free port.
/// Every line the app writes is kept, by run, for the test's diagnostics.
/// </summary>
public sealed class CrashTestApp : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, string?> _settings;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;
    private int _runs;

    private CrashTestApp(Dictionary<string, string?> settings, int port)
    {
        _settings = settings;
        Port = port;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public const string AdminKey = "crash-test-admin-key";

    public int Port { get; }

    /// <summary>A client for the app's port (it outlives the processes: each run serves the same address).</summary>
    public HttpClient Http { get; }

    /// <summary>Every line the app's runs wrote, prefixed with the run number.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>The lines run <paramref name="run"/> (1-based) wrote.</summary>
    public IEnumerable<string> OutputOfRun(int run) =>
        _output.Where(l => l.StartsWith($"[run {run.ToString(CultureInfo.InvariantCulture)}] ", StringComparison.Ordinal));

    /// <summary>An app (not started) with <paramref name="settings"/> over the Development defaults.</summary>
    public static async Task<CrashTestApp> CreateAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["Hosting__StartAzurite"] = "false",
            ["Admin__ApiKey"] = AdminKey,
            ["Telemetry__Exporter"] = "none",
            // The app runs from the repository root, away from its appsettings.json: keep the request noise out of the output.
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__Shop.Durable"] = "Debug",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        };
        var port = AzuriteProcess.FindFreePort();
        all["Hosting__Port"] = port.ToString(CultureInfo.InvariantCulture);
        return new CrashTestApp(all, port);
    }

    /// <summary>Starts a process of the app and waits until it answers <c>GET /api/health</c>.</summary>
    public async Task StartAsync()
    {
        Assert.True(_process is null || _process.HasExited, "The app is already running.");
        var run = ++_runs;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root(),
            RedirectStandardInput = true, // never the terminal: a background process touching it would be stopped
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryPaths.BuiltApp());
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("Functions__Worker__HostEndpoint");
        foreach (var (key, value) in _settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        _process = process;
        var prefix = $"[run {run.ToString(CultureInfo.InvariantCulture)}] ";
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(prefix + e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _output.Enqueue(prefix + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.TrueAsync(
            async () =>
            {
                Assert.False(process.HasExited, $"Run {run} of the app exited with {(process.HasExited ? process.ExitCode : 0)}:\n{string.Join('\n', OutputOfRun(run).TakeLast(50))}");
                try
                {
                    using var response = await Http.GetAsync(new Uri("/api/health", UriKind.Relative));
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            $"run {run} of the app to answer GET /api/health",
            StartTimeout);
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown, no flush, work in hand is lost) and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The app is not running.");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>For diagnostics: the engine's raw rows of an instance (its Instances row and its history state row).</summary>
    public async Task<string> DescribeEngineRowsAsync(string instanceId)
    {
        var tables = new TableServiceClient(_settings["AzureWebJobsStorage"]);
        var hub = _settings["Durable__TaskHub"];
        var lines = new List<string>();
        foreach (var (table, row) in new[] { (hub + "instances", TableKeys.Row("instance", instanceId)), (hub + "history", TableKeys.Row("state", instanceId)) })
        {
            var entity = await tables.GetTableClient(table).GetEntityIfExistsAsync<TableEntity>(instanceId, row);
            lines.Add(table + ": " + (entity.HasValue
                ? string.Join(", ", entity.Value!.Where(p => p.Key is not ("odata.etag" or "PartitionKey" or "RowKey")).Select(p => $"{p.Key}={Shorten(p.Value)}"))
                : "none"));
        }

        return string.Join(" | ", lines);

        static string Shorten(object? value) => value switch
        {
            byte[] bytes => System.Text.Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 600)),
            string text when text.Length > 600 => text[..600] + "…",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null",
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            process.Dispose();
        }

        Http.Dispose();
    }
}

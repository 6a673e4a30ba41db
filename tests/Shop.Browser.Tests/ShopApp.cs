using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Shop.Hosting.Azurite;
using Shop.Testing;

namespace Shop.Browser.Tests;

/// <summary>
/// The built app (<c>Shop.Functions.dll</c>) as its own process on a free loopback port, in Development, against the
/// run's private Azurite, with the demo catalog seeded. A small shell loop stops it when the test process goes away,
/// even when that process is killed.
/// </summary>
public sealed class ShopApp : IAsyncDisposable
{
    public const string AdminKey = "browser-test-admin-key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ShopApp(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    /// <summary>The app's root, e.g. <c>http://127.0.0.1:41234/</c>: the storefront is here, the ops console at <c>ops</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The last lines the app wrote, for a failing test's message.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output.TakeLast(60));

    /// <summary>Starts the app; <paramref name="settings"/> add to or override the defaults below.</summary>
    public static async Task<ShopApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var dll = RepositoryPaths.BuiltApp();
        var port = AzuriteProcess.FindFreePort().ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Runs the app and waits on it; stops it when the test process (the watched pid) no longer exists.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("dotnet \"$1\" & app=$!; trap 'kill $app 2>/dev/null' TERM INT; "
            + "while kill -0 \"$2\" 2>/dev/null && kill -0 $app 2>/dev/null; do sleep 1; done; kill $app 2>/dev/null; wait $app");
        start.ArgumentList.Add("shop-app");
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "Functions__Worker__HostEndpoint" })
        {
            start.Environment.Remove(name);
        }

        var defaults = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Hosting__Port"] = port,
            ["Hosting__StartAzurite"] = "false",
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["Admin__ApiKey"] = AdminKey,
            ["Catalog__SeedDemoData"] = "true",
            ["Telemetry__Exporter"] = "none",
            ["OrderWorkflow__FirstRetryInterval"] = "00:00:00.200",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            defaults[name] = value;
        }

        foreach (var (name, value) in defaults)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var app = new ShopApp(process, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => app.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => app.Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            // Ready when the health endpoint answers and the demo catalog is seeded.
            await Eventually.TrueAsync(
                async () =>
                {
                    Assert.False(process.HasExited, "The app exited at start:" + Environment.NewLine + app.RecentOutput);
                    try
                    {
                        using var health = await http.GetAsync(new Uri("api/health", UriKind.Relative));
                        using var products = await http.GetAsync(new Uri("api/products?pageSize=1", UriKind.Relative));
                        return health.IsSuccessStatusCode && products.IsSuccessStatusCode && (await products.Content.ReadAsStringAsync()).Contains("\"sku\"", StringComparison.Ordinal);
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
                "the app to answer /api/health with the demo catalog seeded",
                StartTimeout);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
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
            // The watchdog loop ends it once this process exits.
        }

        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}

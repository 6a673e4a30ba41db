using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Functions;
using Shop.Hosting.Azurite;
using Shop.Hosting.Functions;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Infra.Tests;

/// <summary>The deployable output of <c>dotnet publish</c> is a complete Azure Functions custom-handler app root.</summary>
public sealed class PublishTests(PublishFixture publish, ITestOutputHelper output) : IClassFixture<PublishFixture>
{
    /// <summary>Flex Consumption gives an app 30 seconds to initialise.</summary>
    private static readonly TimeSpan FlexInitialisationTimeout = TimeSpan.FromSeconds(30);

    private string Out => publish.OutputDirectory;

    [Fact]
    public void Publish_ContainsTheRepositoryHostJson()
    {
        output.WriteLine($"dotnet publish took {publish.Duration.TotalSeconds:F1} s");
        var published = Path.Combine(Out, "host.json");

        Assert.True(File.Exists(published), "host.json is missing from the publish output");
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "host.json")), File.ReadAllText(published));
        var host = JsonNode.Parse(File.ReadAllText(published))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.True(host["customHandler"]!["enableForwardingHttpRequest"]!.GetValue<bool>());
        Assert.StartsWith("[4.", host["extensionBundle"]!["version"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_HasOneFunctionJsonPerDeclaredFunction_AndNoOther()
    {
        var declared = ShopFunctions.Create().Select(f => f.Name).Order(StringComparer.Ordinal).ToList();
        var published = Directory.EnumerateDirectories(Out)
            .Where(d => File.Exists(Path.Combine(d, "function.json")))
            .Select(d => Path.GetFileName(d))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared, published);
    }

    [Fact]
    public void Publish_EveryFunctionJson_BindsTheTriggerItsDeclarationNames()
    {
        foreach (var function in ShopFunctions.Create())
        {
            var path = Path.Combine(Out, function.Name, "function.json");
            var bindings = JsonNode.Parse(File.ReadAllText(path))!["bindings"]!.AsArray();
            var trigger = bindings[0]!;
            Assert.Equal("in", trigger["direction"]!.GetValue<string>());
            switch (function.Trigger)
            {
                case HttpTrigger http:
                    Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
                    Assert.Equal(http.Route, trigger["route"]!.GetValue<string>());
                    Assert.Equal(
                        http.Methods.Select(m => m.ToLowerInvariant()).Order(StringComparer.Ordinal),
                        trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>()).Order(StringComparer.Ordinal));
                    Assert.Equal("anonymous", trigger["authLevel"]!.GetValue<string>());
                    Assert.Contains(bindings, b => b!["type"]!.GetValue<string>() == "http" && b["direction"]!.GetValue<string>() == "out");
                    break;
                case QueueTrigger queue:
                    Assert.Equal("queueTrigger", trigger["type"]!.GetValue<string>());
                    Assert.Equal(queue.QueueName, trigger["queueName"]!.GetValue<string>());
                    Assert.Equal(queue.Connection, trigger["connection"]!.GetValue<string>());
                    break;
                case TimerTrigger timer:
                    Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
                    Assert.Equal(timer.Schedule, trigger["schedule"]!.GetValue<string>());
                    Assert.Equal(timer.RunOnStartup, trigger["runOnStartup"]!.GetValue<bool>());
                    break;
                default:
                    Assert.Fail($"{function.Name}: unknown trigger {function.Trigger}");
                    break;
            }
        }
    }

    [Fact]
    public void Publish_ContainsTheExecutableHostJsonNames_SelfContainedForLinux()
    {
        var executable = ExecutablePath();

        Assert.True(File.Exists(executable), $"host.json names '{executable}', which is not in the publish output");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(executable).HasFlag(UnixFileMode.UserExecute), $"{executable} is not executable");
        }

        using (var stream = File.OpenRead(executable))
        {
            var magic = new byte[4];
            stream.ReadExactly(magic);
            Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, magic);
        }

        // Self-contained: the runtime travels with the app, so the worker image needs no .NET 10.
        Assert.True(File.Exists(Path.Combine(Out, "libcoreclr.so")), "libcoreclr.so missing: the publish is not self-contained");
        Assert.True(File.Exists(Path.Combine(Out, "libhostfxr.so")), "libhostfxr.so missing: the publish is not self-contained");
        using var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(Out, "Shop.Functions.runtimeconfig.json")));
        Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _), "runtimeconfig has no includedFrameworks: not self-contained");
    }

    [Fact]
    public async Task PublishedExecutable_StartedAsTheFunctionsHostStartsIt_AnswersHttpWithinTheFlexStartupLimit()
    {
        var port = AzuriteProcess.FindFreePort();
        var start = new ProcessStartInfo(ExecutablePath())
        {
            WorkingDirectory = Out,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // The settings Azure gives it: every app setting (safe values from the sample), storage, and the custom-handler port.
        using (var sample = JsonDocument.Parse(File.ReadAllText(Repository.LocalSettingsSample)))
        {
            foreach (var setting in sample.RootElement.GetProperty("Values").EnumerateObject())
            {
                start.Environment[setting.Name] = setting.Value.ToString();
            }
        }

        start.Environment["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync();
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Hosting__StartAzurite"] = "false";
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_URLS", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.ErrorDataReceived += (_, e) => log.Enqueue(e.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var status = await Eventually.ValueAsync(
                async () =>
                {
                    if (process.HasExited)
                    {
                        throw new InvalidOperationException($"the app exited with {process.ExitCode}:\n{string.Join("\n", log)}");
                    }

                    try
                    {
                        using var response = await client.GetAsync(new Uri("/api/health", UriKind.Relative));
                        return response.StatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return (HttpStatusCode)0;
                    }
                },
                s => s != 0,
                "the published app to answer GET /api/health",
                FlexInitialisationTimeout);

            output.WriteLine($"answered after {stopwatch.Elapsed.TotalSeconds:F1} s");
            Assert.True(status == HttpStatusCode.OK, $"GET /api/health gave {(int)status}:\n{string.Join("\n", log)}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private string ExecutablePath()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "host.json")))!;
        var name = host["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>();
        return Path.Combine(Out, name);
    }
}

using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Shop.Hosting.Azurite;
using Shop.Hosting.Functions;
using Shop.Testing;
using Xunit.Abstractions;

namespace Shop.Infra.Tests;

/// <summary>
/// The deployable output of <c>dotnet publish</c> is a standard isolated-worker Durable Functions package, whose
/// functions are exactly those the local host runs (read from the same <c>[Function]</c> attributes).
/// </summary>
public sealed class PublishTests(PublishFixture publish, ITestOutputHelper output) : IClassFixture<PublishFixture>
{
    /// <summary>Flex Consumption gives an app 30 seconds to initialise.</summary>
    private static readonly TimeSpan FlexInitialisationTimeout = TimeSpan.FromSeconds(30);

    private string Out => publish.OutputDirectory;

    private static FunctionCatalog AppFunctions => FunctionCatalog.FromAssembly(typeof(Program).Assembly);

    [Fact]
    public void Publish_ContainsTheRepositoryHostJson_ForTheIsolatedWorkerAndDurableFunctions()
    {
        output.WriteLine($"dotnet publish took {publish.Duration.TotalSeconds:F1} s");
        var published = Path.Combine(Out, "host.json");

        Assert.True(File.Exists(published), "host.json is missing from the publish output");
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.Root, "host.json")), File.ReadAllText(published));
        var host = JsonNode.Parse(File.ReadAllText(published))!;
        Assert.Equal("2.0", host["version"]!.GetValue<string>());
        Assert.Null(host["customHandler"]);
        Assert.Null(host["extensionBundle"]);
        Assert.Equal("%Durable__TaskHub%", host["extensions"]!["durableTask"]!["hubName"]!.GetValue<string>());
        Assert.Equal("AzureWebJobsStorage", host["extensions"]!["durableTask"]!["storageProvider"]!["connectionName"]!.GetValue<string>());
    }

    [Fact]
    public void Publish_WorkerConfig_StartsTheAppAsADotnetIsolatedWorker()
    {
        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "worker.config.json")))!["description"]!;

        Assert.Equal("dotnet-isolated", worker["language"]!.GetValue<string>());
        Assert.Equal("dotnet", worker["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal("Shop.Functions.dll", worker["defaultWorkerPath"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(Out, "Shop.Functions.dll")));
    }

    [Fact]
    public void Publish_Extensions_LoadDurableTask_AndTheQueueExtensionExactlyWhenAFunctionHasAQueueTrigger()
    {
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "extensions.json")))!["extensions"]!.AsArray();
        var names = extensions.Select(e => e!["name"]!.GetValue<string>()).ToList();

        Assert.Contains("DurableTask", names);
        Assert.Equal(AppFunctions.Any(f => f.Trigger is QueueTrigger), names.Contains("AzureStorageQueues"));
        foreach (var extension in extensions)
        {
            var hint = extension!["hintPath"]!.GetValue<string>();
            Assert.True(File.Exists(Path.Combine(Out, hint)), $"{extension["name"]}: {hint} is not in the package");
        }
    }

    [Fact]
    public void Publish_FunctionsMetadata_DeclaresExactlyTheAppsFunctions_WithTheirTriggers()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "functions.metadata")))!.AsArray()
            .ToDictionary(f => f!["name"]!.GetValue<string>(), f => f!, StringComparer.Ordinal);
        var functions = AppFunctions;

        Assert.Equal(functions.Select(f => f.Name).Order(StringComparer.Ordinal), metadata.Keys.Order(StringComparer.Ordinal));
        foreach (var function in functions)
        {
            var bindings = metadata[function.Name]["bindings"]!.AsArray();
            var trigger = bindings.Single(b => b!["type"]!.GetValue<string>().EndsWith("Trigger", StringComparison.Ordinal))!;
            Assert.Equal(function.Method!.DeclaringType!.FullName + "." + function.Method.Name, metadata[function.Name]["entryPoint"]!.GetValue<string>());
            switch (function.Trigger)
            {
                case HttpTrigger http:
                    Assert.Equal("httpTrigger", trigger["type"]!.GetValue<string>());
                    Assert.Equal(http.Route, trigger["route"]!.GetValue<string>().Trim('/'));
                    Assert.Equal(http.Methods.Order(StringComparer.Ordinal), trigger["methods"]!.AsArray().Select(m => m!.GetValue<string>().ToUpperInvariant()).Order(StringComparer.Ordinal));
                    Assert.Equal("Anonymous", trigger["authLevel"]!.GetValue<string>());
                    break;
                case QueueTrigger queue:
                    Assert.Equal("queueTrigger", trigger["type"]!.GetValue<string>());
                    Assert.Equal(queue.QueueName, trigger["queueName"]!.GetValue<string>());
                    break;
                case TimerTrigger timer:
                    Assert.Equal("timerTrigger", trigger["type"]!.GetValue<string>());
                    Assert.Equal(timer.Schedule, trigger["schedule"]!.GetValue<string>());
                    break;
                case OrchestrationTrigger:
                    Assert.Equal("orchestrationTrigger", trigger["type"]!.GetValue<string>());
                    break;
                case ActivityTrigger:
                    Assert.Equal("activityTrigger", trigger["type"]!.GetValue<string>());
                    break;
                default:
                    Assert.Fail($"{function.Name}: unknown trigger {function.Trigger}");
                    break;
            }
        }

        // The order workflow is there, and every HTTP function that reaches a workflow brings the Durable client binding.
        Assert.IsType<OrchestrationTrigger>(functions.Find("OrderOrchestrator")!.Trigger);
        foreach (var name in new[] { "Checkout", "CancelOrder", "RecordShipment", "CarrierWebhook", "StripeWebhook", "GetInstance", "StartStalledOrders" })
        {
            Assert.Contains(metadata[name]["bindings"]!.AsArray(), b => b!["type"]!.GetValue<string>() == "durableClient");
        }
    }

    [Fact]
    public async Task PublishedApp_RunOnItsOwn_ServesTheLocalHostWithinTheFlexStartupLimit()
    {
        var port = AzuriteProcess.FindFreePort();
        // Without the Functions host (no --functions-uri) the package runs as the local host: the same functions over HTTP.
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { Path.Combine(Out, "Shop.Functions.dll") },
            WorkingDirectory = Out,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // Every app setting (safe values from the sample), storage and the port.
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
        start.Environment["Hosting__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Hosting__LocalTriggers"] = "false";
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
}

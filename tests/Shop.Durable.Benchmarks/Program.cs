using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Shop.Durable;
using Shop.Durable.Benchmarks;
using Shop.Durable.Core;
using Shop.Hosting;
using Shop.Hosting.Azurite;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;
using Shop.Testing.Benchmarks;

// The durable engine on Azurite: raw emulator capacity, then HelloSequence5 and FanOutFanIn(20), in one run.
// Usage: dotnet run -c Release --project tests/Shop.Durable.Benchmarks [-- hello=600 fanout=60 concurrency=64]
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
int Setting(string name, int fallback) => settings.TryGetValue(name, out var v) ? v : fallback;
var helloCount = Setting("hello", 600);
var fanOutCount = Setting("fanout", 60);
var concurrency = Setting("concurrency", 64);

Console.WriteLine($"Shop.Durable benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("Starting a private Azurite (in memory, free ports)...");
await using var azurite = await AzuriteProcess.StartAsync(new AzuriteOptions
{
    BlobPort = AzuriteProcess.FindFreePort(),
    QueuePort = AzuriteProcess.FindFreePort(),
    TablePort = AzuriteProcess.FindFreePort(),
    Location = null,
});

// ---- Raw Azurite capacity (same run, same machine) ----
var raw = await AzuriteCapacity.MeasureAsync(azurite.ConnectionString);
Console.WriteLine($"Raw Azurite: {raw.TableInsertsPerSecond:0} table inserts/s, {raw.BatchesPerSecond:0} two-entity transactions/s, {raw.QueueSendsPerSecond:0} queue sends/s (32 concurrent callers)");

// ---- The engine in an app process ----
var counter = new StorageOperationCounter(azurite.Options.TablePort, azurite.Options.QueuePort, azurite.Options.BlobPort);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["AzureWebJobsStorage"] = azurite.ConnectionString,
    ["urls"] = "http://127.0.0.1:0",
    ["Hosting:StartAzurite"] = "false",
    ["Telemetry:Exporter"] = "none",
    ["Durable:TaskHub"] = "bench",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Logging:LogLevel:Shop.Functions"] = "None",
});
builder.AddShopHosting(new FunctionCatalog().AddDurableFunctions());
builder.Services.Configure<StorageClientOptions>(o => o.Policies.Add(counter));
builder.Services.AddShopDurable(r => r
    .AddActivityFunc<string, string>("SayHello", (_, name) => $"Hello {name}!")
    .AddActivityFunc<int, int>("Square", (_, n) => n * n)
    .AddOrchestratorFunc<string?, string>("HelloSequence5", async (ctx, _) =>
    {
        var parts = new List<string>();
        foreach (var city in new[] { "Tokyo", "Seattle", "London", "Paris", "Berlin" })
        {
            parts.Add(await ctx.CallActivityAsync<string>("SayHello", city));
        }

        return string.Join(" ", parts);
    })
    .AddOrchestratorFunc<int, int>("FanOutFanIn", async (ctx, n) =>
        (await Task.WhenAll(Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)))).Sum()));
await using var app = builder.Build();
await app.StartAsync();
var client = app.Services.GetRequiredService<DurableTaskClient>();
var engine = app.Services.GetRequiredService<DurableEngine>();

// Warm up (tables, queues, JIT).
await Workload.RunAsync(client, engine, counter, "HelloSequence5", null, 20, 10, 5);
await Workload.RunAsync(client, engine, counter, "FanOutFanIn", 20, 5, 5, 20);

var hello = await Workload.RunAsync(client, engine, counter, "HelloSequence5", null, helloCount, concurrency, 5);
var fanOut = await Workload.RunAsync(client, engine, counter, "FanOutFanIn", 20, fanOutCount, Math.Max(1, concurrency / 4), 20);
var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;

Console.WriteLine();
Console.WriteLine($"| workload | orchestrations | in flight | orch/s | activity steps/s | storage ops/step (work) | storage ops/step (incl. polling) | queue msgs/orch | p50 ms | p99 ms | table ops/s vs raw inserts/s |");
Console.WriteLine($"|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in new[] { hello, fanOut })
{
    var tableRate = r.Ops.Tables / r.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Name} | {r.Count} | {r.Concurrency} | {r.OrchestrationsPerSecond:0.0} | {r.StepsPerSecond:0} | {r.WorkOpsPerStep:0.00} | {r.AllOpsPerStep:0.00} | {r.QueueMessagesPerOrchestration:0.00} | {r.P50:0} | {r.P99:0} | {tableRate:0} / {raw.TableInsertsPerSecond:0} = {tableRate / raw.TableInsertsPerSecond:P0} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Raw Azurite (same run): {raw.TableInsertsPerSecond:0} table inserts/s, {raw.BatchesPerSecond:0} two-entity transactions/s, {raw.QueueSendsPerSecond:0} queue sends/s."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the benchmark process (engine + host): {peakMb:0} MB. Load average: {LoadAverage()}."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Targets: <= 3 storage ops per activity step: {(Math.Max(hello.WorkOpsPerStep, fanOut.WorkOpsPerStep) <= 3 ? "met" : "MISSED")}; >= 30 HelloSequence5 orchestrations/s: {(hello.OrchestrationsPerSecond >= 30 ? "met" : "MISSED")}."));
await app.StopAsync();

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

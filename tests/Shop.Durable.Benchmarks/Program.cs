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
using Shop.Testing.DurableTask;

// The durable engine on Azurite: raw emulator capacity, then HelloSequence5 and FanOutFanIn(20), in one run; then the peer
// row, HelloSequence5 on Microsoft's engine (DTFx Azure Storage behind the gRPC sidecar) on an Azurite of its own.
// Usage: dotnet run -c Release --project tests/Shop.Durable.Benchmarks [-- hello=600 fanout=60 concurrency=64 dtfx=600]
// (dtfx=0 skips the peer row)
var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
int Setting(string name, int fallback) => settings.TryGetValue(name, out var v) ? v : fallback;
var helloCount = Setting("hello", 600);
var fanOutCount = Setting("fanout", 60);
var concurrency = Setting("concurrency", 64);
var dtfxCount = Setting("dtfx", helloCount);

Console.WriteLine($"Shop.Durable benchmark — {Environment.ProcessorCount} cores, .NET {Environment.Version}");
Console.WriteLine("Starting a private Azurite (in memory, free ports)...");
await using var azurite = await StartAzuriteAsync();

// ---- Raw Azurite capacity (same run, same machine) ----
var raw = await AzuriteCapacity.MeasureAsync(azurite.ConnectionString);
Console.WriteLine($"Raw Azurite: {raw.TableInsertsPerSecond:0} table inserts/s, {raw.BatchesPerSecond:0} two-entity transactions/s, {raw.QueueSendsPerSecond:0} queue sends/s (32 concurrent callers)");

// ---- The engine in an app process ----
var counter = new StorageOperationCounter(azurite.Options.TablePort, azurite.Options.QueuePort, azurite.Options.BlobPort);
await using var app = BuildApp(azurite.ConnectionString, counter, new Dictionary<string, string?> { ["Durable:TaskHub"] = "bench" });
await app.StartAsync();
var client = app.Services.GetRequiredService<DurableTaskClient>();
var engine = app.Services.GetRequiredService<DurableEngine>();

// Warm up (tables, queues, JIT).
await Workload.RunAsync("embedded", client, engine.WaitForSignalAsync, counter, "HelloSequence5", null, 20, 10, 5);
await Workload.RunAsync("embedded", client, engine.WaitForSignalAsync, counter, "FanOutFanIn", 20, 5, 5, 20);

var hello = await Workload.RunAsync("embedded", client, engine.WaitForSignalAsync, counter, "HelloSequence5", null, helloCount, concurrency, 5);
var fanOut = await Workload.RunAsync("embedded", client, engine.WaitForSignalAsync, counter, "FanOutFanIn", 20, fanOutCount, Math.Max(1, concurrency / 4), 20);
var peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
await app.StopAsync();

// ---- The peer row: HelloSequence5 on DTFx Azure Storage behind the gRPC sidecar, through Microsoft's gRPC worker and client ----
// A fresh Azurite of its own (the engine's tables and the emulator's queue history do not weigh on it), its raw capacity
// measured before it runs. The same app and task registration, with Durable:Backend=Grpc.
WorkloadResult? dtfx = null;
AzuriteCapacity? dtfxRaw = null;
if (dtfxCount > 0)
{
    Console.WriteLine("Starting a second private Azurite for DTFx Azure Storage...");
    await using var dtfxAzurite = await StartAzuriteAsync();
    dtfxRaw = await AzuriteCapacity.MeasureAsync(dtfxAzurite.ConnectionString);
    var dtfxCounter = new StorageOperationCounter(dtfxAzurite.Options.TablePort, dtfxAzurite.Options.QueuePort, dtfxAzurite.Options.BlobPort);
    await using var sidecar = await AzureStorageSidecar.StartAsync(new AzureStorageSidecarOptions
    {
        ConnectionString = dtfxAzurite.ConnectionString,
        TaskHub = "benchdtfx",
        StoragePolicy = dtfxCounter,
    });
    await using var grpcApp = BuildApp(azurite.ConnectionString, new StorageOperationCounter(0, 0, 0), new Dictionary<string, string?>
    {
        ["Durable:TaskHub"] = "benchgrpc",
        ["Durable:Backend"] = "Grpc",
        ["Durable:GrpcEndpoint"] = sidecar.Endpoint.ToString(),
    });
    await grpcApp.StartAsync();
    var grpcClient = grpcApp.Services.GetRequiredService<DurableTaskClient>();
    await Workload.RunAsync("DTFx AzureStorage", grpcClient, OrchestrationSignals.WaitAsync, dtfxCounter, "HelloSequence5", null, 20, 10, 5, serverLatency: true);
    dtfx = await Workload.RunAsync("DTFx AzureStorage", grpcClient, OrchestrationSignals.WaitAsync, dtfxCounter, "HelloSequence5", null, dtfxCount, concurrency, 5, serverLatency: true);
    await grpcApp.StopAsync();
}

Console.WriteLine();
Console.WriteLine($"| engine | workload | orchestrations | in flight | orch/s | activity steps/s | storage ops/step (work) | storage ops/step (incl. polling) | queue msgs/orch | p50 ms | p99 ms | table ops/s vs raw inserts/s |");
Console.WriteLine($"|---|---|---|---|---|---|---|---|---|---|---|---|");
foreach (var (r, capacity) in new[] { (hello, raw), (fanOut, raw) }.Concat(dtfx is null ? [] : [(dtfx, dtfxRaw!)]))
{
    var tableRate = r.Ops.Tables / r.Elapsed.TotalSeconds;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {r.Engine} | {r.Name} | {r.Count} | {r.Concurrency} | {r.OrchestrationsPerSecond:0.0} | {r.StepsPerSecond:0} | {r.WorkOpsPerStep:0.00} | {r.AllOpsPerStep:0.00} | {r.QueueMessagesPerOrchestration:0.00} | {r.P50:0} | {r.P99:0} | {tableRate:0} / {capacity.TableInsertsPerSecond:0} = {tableRate / capacity.TableInsertsPerSecond:P0} |"));
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Raw Azurite (same run): {raw.TableInsertsPerSecond:0} table inserts/s, {raw.BatchesPerSecond:0} two-entity transactions/s, {raw.QueueSendsPerSecond:0} queue sends/s, {raw.TablePointReadsPerSecond:0} point reads/s."));
if (dtfxRaw is not null)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Raw Azurite of the DTFx row (fresh, same run): {dtfxRaw.TableInsertsPerSecond:0} table inserts/s, {dtfxRaw.BatchesPerSecond:0} two-entity transactions/s, {dtfxRaw.QueueSendsPerSecond:0} queue sends/s, {dtfxRaw.TablePointReadsPerSecond:0} point reads/s."));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Peak working set of the benchmark process after the embedded runs (engine + host): {peakMb:0} MB. Load average: {LoadAverage()}."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Targets (embedded engine, HelloSequence5): <= 2 storage ops per activity step: {(hello.WorkOpsPerStep <= 2 ? "met" : "MISSED")} ({hello.WorkOpsPerStep:0.00}); >= 100 orchestrations/s: {(hello.OrchestrationsPerSecond >= 100 ? "met" : "MISSED")} ({hello.OrchestrationsPerSecond:0.0})."));

static Task<AzuriteProcess> StartAzuriteAsync() => AzuriteProcess.StartAsync(new AzuriteOptions
{
    BlobPort = AzuriteProcess.FindFreePort(),
    QueuePort = AzuriteProcess.FindFreePort(),
    TablePort = AzuriteProcess.FindFreePort(),
    Location = null,
});

// The app process of a run: the hosting layer with its local trigger runtime and the engine's queue functions, and one
// task registration for every backend.
static WebApplication BuildApp(string connectionString, StorageOperationCounter counter, Dictionary<string, string?> durable)
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = "Production" });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["urls"] = "http://127.0.0.1:0",
        ["Hosting:StartAzurite"] = "false",
        ["Telemetry:Exporter"] = "none",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Shop.Functions"] = "None",
    }.Concat(durable));
    builder.AddShopHosting();
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

            if (!ctx.IsReplaying)
            {
                OrchestrationSignals.Returned(ctx.InstanceId);
            }

            return string.Join(" ", parts);
        })
        .AddOrchestratorFunc<int, int>("FanOutFanIn", async (ctx, n) =>
            (await Task.WhenAll(Enumerable.Range(1, n).Select(i => ctx.CallActivityAsync<int>("Square", i)))).Sum()));
    return builder.Build();
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

using Azure.Core.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Shop.Durable.Core;
using Shop.Hosting;
using Shop.Hosting.Functions;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Durable.Tests;

/// <summary>
/// A real app process for the engine: the hosting layer (local trigger runtime polling the engine's queues,
/// the recovery timer) and the engine, against the test run's Azurite, on its own task hub.
/// </summary>
public sealed class DurableTestHost : IAsyncDisposable
{
    /// <summary>A schedule that never fires during a test (the sweep is then called by the test when it wants one).</summary>
    public const string NoSweep = "0 0 0 1 1 *";

    private readonly WebApplication _app;

    private DurableTestHost(WebApplication app, string taskHub)
    {
        _app = app;
        TaskHub = taskHub;
    }

    public string TaskHub { get; }

    public IServiceProvider Services => _app.Services;

    public DurableTaskClient Client => Services.GetRequiredService<DurableTaskClient>();

    internal DurableEngine Engine => Services.GetRequiredService<DurableEngine>();

    public CallLog Calls => Services.GetRequiredService<CallLog>();

    public static async Task<DurableTestHost> StartAsync(
        string taskHub,
        Action<DurableTaskRegistry> register,
        Action<DurableTestHostOptions>? configure = null)
    {
        var options = new DurableTestHostOptions();
        configure?.Invoke(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Development",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync(),
            ["urls"] = "http://127.0.0.1:0",
            ["Hosting:StartAzurite"] = "false",
            ["Hosting:LocalTriggers"] = "true",
            ["Telemetry:Exporter"] = "none",
            ["Durable:TaskHub"] = taskHub,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Shop.Durable"] = "Error",
            ["Logging:LogLevel:Shop.Hosting"] = "Error",
            ["Logging:LogLevel:Shop.Functions"] = "None",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "None",
        };
        settings["Durable:RecoverySchedule"] = options.RecoverySchedule;
        foreach (var (key, value) in options.Settings)
        {
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddShopHosting();
        builder.Services.AddSingleton<CallLog>();
        builder.Services.AddShopDurable(register);
        if (options.Time is { } time)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.Configure<StorageClientOptions>(o =>
        {
            foreach (var policy in options.Policies)
            {
                o.Policies.Add(policy);
            }
        });
        options.ConfigureServices?.Invoke(builder.Services);
        var app = builder.Build();
        await app.StartAsync();
        return new DurableTestHost(app, taskHub);
    }

    /// <summary>Starts an instance and waits for it to finish.</summary>
    public async Task<OrchestrationMetadata> RunAsync(TaskName name, object? input = null, string? instanceId = null, TimeSpan? timeout = null)
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(name, input, new StartOrchestrationOptions(instanceId));
        return await WaitAsync(id, timeout);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cancellation.Token);
    }

    /// <summary>Waits until the instance's history satisfies <paramref name="condition"/>.</summary>
    internal Task<IReadOnlyList<HistoryEvent>> HistoryAsync(string instanceId, Func<IReadOnlyList<HistoryEvent>, bool> condition, string what) =>
        Eventually.ValueAsync(async () => await Engine.Store.ReadHistoryAsync(instanceId) ?? [], condition, what)!;

    /// <summary>Waits until the instance's Instances row shows <paramref name="status"/>.</summary>
    public Task<OrchestrationMetadata> StatusAsync(string instanceId, OrchestrationRuntimeStatus status) =>
        Eventually.ValueAsync(async () => (await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true))!, m => m?.RuntimeStatus == status, $"'{instanceId}' to be {status}");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

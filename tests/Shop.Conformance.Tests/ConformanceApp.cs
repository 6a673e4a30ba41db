using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Shop.Infrastructure.Webhooks;
using Shop.Testing;

namespace Shop.Conformance.Tests;

/// <summary>
/// The whole app (ASP.NET Core's real pipeline) with its stores in the run's shared Azurite under names of its own, and its
/// orchestrations on the backend a derived class sets up. One app serves every scenario of a test class.
/// </summary>
public abstract class ConformanceApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "conformance-admin-key";
    public const string CarrierSecret = "conformance-carrier-secret";

    /// <summary>The 3-D Secure wait: short, so the timeout scenario takes seconds.</summary>
    public static readonly TimeSpan PaymentActionTimeout = TimeSpan.FromSeconds(3);

    private readonly Dictionary<string, string?> _settings = IsolatedShopSettings.Create("cf");

    /// <summary>How long a scenario waits for one state of an order on this backend.</summary>
    public abstract TimeSpan StepDeadline { get; }

    /// <summary>A driver of the app's HTTP API.</summary>
    public ShopDriver Shop { get; private set; } = null!;

    /// <summary>Signs a carrier webhook body as the carrier does.</summary>
    public static string SignCarrier(byte[] body) => WebhookSignature.Sign(body, CarrierSecret, DateTimeOffset.UtcNow);

    public async Task InitializeAsync()
    {
        _settings["AzureWebJobsStorage"] = await SharedAzurite.GetConnectionStringAsync();
        _settings["Hosting__StartAzurite"] = "false";
        _settings["Admin__ApiKey"] = AdminKey;
        _settings["Carrier__WebhookSecret"] = CarrierSecret;
        _settings["Stripe__WebhookSecret"] = "whsec_conformance";
        _settings["OrderWorkflow__PaymentActionTimeout"] = PaymentActionTimeout.ToString();
        _settings["OrderWorkflow__FirstRetryInterval"] = "00:00:00.200";
        foreach (var (key, value) in await StartBackendAsync())
        {
            _settings[key] = value;
        }

        Shop = new ShopDriver(CreateClient(), AdminKey);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await StopBackendAsync();
    }

    /// <summary>Fails unless the order's workflow instance is held by this backend's store (the lane really ran there).</summary>
    public abstract Task AssertWorkflowRanHereAsync(string orderId);

    /// <summary>Starts what the backend needs outside the app; returns the app's <c>Durable__*</c> settings for it.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> StartBackendAsync();

    /// <summary>Stops what <see cref="StartBackendAsync"/> started (after the app has stopped).</summary>
    protected virtual Task StopBackendAsync() => Task.CompletedTask;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(
            _settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value, StringComparer.OrdinalIgnoreCase)));
    }
}

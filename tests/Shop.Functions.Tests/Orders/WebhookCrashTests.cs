using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Shop.Hosting.Storage;
using Shop.Testing;

namespace Shop.Functions.Tests.Orders;

/// <summary>The order app with a switch that fails chosen storage requests.</summary>
public sealed class FaultyStorageOrderAppFactory : OrderAppFactory
{
    public StorageFaults Faults { get; } = new();

    /// <summary>The durable task hub's name (every engine table and queue starts with it).</summary>
    public string TaskHub => Settings["Durable__TaskHub"]!;

    public string EventsTable => Settings["Webhooks__EventsTable"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Configure<StorageClientOptions>(o => o.Policies.Add(Faults)));
    }
}

/// <summary>
/// A webhook event is recorded as processed only after its effect is applied: when the process dies in between (here
/// the workflow's storage stops answering and nothing after the failure runs, not even clean-up), the carrier's
/// redelivery is applied, never answered "duplicate" for an event that changed nothing.
/// </summary>
public sealed class WebhookCrashTests(FaultyStorageOrderAppFactory app) : OrderTests<FaultyStorageOrderAppFactory>(app)
{
    [Fact]
    public async Task CarrierEvent_WhoseEffectFailed_IsAppliedWhenRedelivered_NotLost()
    {
        var sku = await Shop.AddProductAsync();
        var orderId = await Shop.PlaceAsync(sku);
        await Shop.WaitForStatusAsync(orderId, "confirmed");
        (await Shop.ShipAsync(orderId)).EnsureSuccessStatusCode();
        await Shop.WaitForStatusAsync(orderId, "shipped");
        await Shop.WaitForStepAsync(orderId, "in_transit");
        var eventId = "evt-crash-" + orderId;

        // The process "dies" delivering the event: the workflow's storage and the ledger's deletes fail from here on.
        App.Faults.FailWhen(r => r.Uri.Path.Contains(App.TaskHub + "history", StringComparison.Ordinal)
            || r.Uri.Path.Contains(App.TaskHub + "instances", StringComparison.Ordinal)
            || r.Uri.Path.Contains(App.TaskHub + "-control", StringComparison.Ordinal)
            || (r.Method == Azure.Core.RequestMethod.Delete && r.Uri.Path.Contains(App.EventsTable, StringComparison.Ordinal)));
        HttpResponseMessage failed;
        try
        {
            failed = await Shop.CarrierAsync(orderId, "delivered", eventId);
        }
        finally
        {
            App.Faults.FailWhen(null);
        }

        Assert.False(failed.IsSuccessStatusCode, await failed.Content.ReadAsStringAsync());
        Assert.True(App.Faults.Injected > 0, "the fault never hit the event's delivery");

        // The carrier delivers it again: it is applied.
        var redelivered = await Shop.CarrierAsync(orderId, "delivered", eventId);
        Assert.Equal(HttpStatusCode.OK, redelivered.StatusCode);
        Assert.Contains("\"duplicate\":false", await redelivered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Shop.WaitForStatusAsync(orderId, "delivered");

        // And only once: a third delivery is a duplicate, and one delivered email went out.
        var again = await Shop.CarrierAsync(orderId, "delivered", eventId);
        Assert.Contains("\"duplicate\":true", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(await Shop.EmailsAsync(orderId), t => t == "delivered");
    }
}

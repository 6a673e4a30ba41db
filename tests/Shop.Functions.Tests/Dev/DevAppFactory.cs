using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Shop.Domain.Payments;

namespace Shop.Functions.Tests.Dev;

/// <summary>The app with its own outbox container and payment ledger table, recording the payment events it raises.</summary>
public sealed class DevAppFactory : ShopAppFactory, IPaymentEventSink
{
    public DevAppFactory()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        Settings["Email__OutboxContainer"] = "outbox" + suffix;
        Settings["Payments__LedgerTable"] = "devpay" + suffix;
    }

    /// <summary>The environment the app runs in (Development unless a test says otherwise).</summary>
    public string Environment { get; init; } = "Development";

    public ConcurrentQueue<PaymentEvent> PaymentEvents { get; } = new();

    public Task OnPaymentEventAsync(PaymentEvent paymentEvent, CancellationToken cancellationToken = default)
    {
        PaymentEvents.Enqueue(paymentEvent);
        return Task.CompletedTask;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseEnvironment(Environment);
        builder.ConfigureTestServices(services => services.AddSingleton<IPaymentEventSink>(this));
    }
}

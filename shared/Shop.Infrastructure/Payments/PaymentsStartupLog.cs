using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Shop.Infrastructure.Payments;

/// <summary>Says at start which payment gateway is active.</summary>
internal sealed class PaymentsStartupLog(IOptions<StripeOptions> stripe, IOptions<PaymentsOptions> payments, ILogger<PaymentsStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = stripe.Value;
        if (options.IsConfigured)
        {
            var mode = options.SecretKey!.Contains("_live_", StringComparison.Ordinal) ? "live" : "test";
            var webhooks = string.IsNullOrWhiteSpace(options.WebhookSecret) ? "webhook secret NOT set: webhooks will be rejected" : "webhooks verified";
            Log.GatewayActive(logger, "Stripe", $"{mode} key, API {(string.IsNullOrWhiteSpace(options.ApiBase) ? "https://api.stripe.com" : options.ApiBase)}, {webhooks}");
        }
        else
        {
            Log.GatewayActive(logger, "simulated", $"no Stripe__SecretKey; Stripe test cards, ledger in table '{payments.Value.LedgerTable}'");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

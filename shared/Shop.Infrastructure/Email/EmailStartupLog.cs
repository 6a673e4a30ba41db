using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Shop.Infrastructure.Email;

/// <summary>Says at start which email sender is active.</summary>
internal sealed class EmailStartupLog(IOptions<SendGridOptions> sendGrid, IOptions<EmailOptions> email, ILogger<EmailStartupLog> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = sendGrid.Value;
        if (options.IsConfigured)
        {
            Log.SenderActive(logger, "SendGrid", $"from {options.FromAddress}, host {(string.IsNullOrWhiteSpace(options.Host) ? "https://api.sendgrid.com" : options.Host)}");
        }
        else
        {
            Log.SenderActive(logger, "outbox", $"no SendGrid__ApiKey; messages kept in blob container '{email.Value.OutboxContainer}', listed at GET /api/dev/outbox");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

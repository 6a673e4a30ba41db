using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Shop.Domain.Email;
using Shop.Hosting;
using Shop.Infrastructure.Email.Outbox;
using Shop.Infrastructure.Email.SendGrid;

namespace Shop.Infrastructure.Email;

/// <summary>Registers the email port.</summary>
public static class EmailServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IEmailSender"/> — SendGrid when <c>SendGrid__ApiKey</c> is set, else the blob outbox —,
    /// <see cref="EmailDelivery"/> (retries off the caller's path), the <see cref="EmailRenderer"/>, <see cref="EmailOutbox"/> and the <c>Email</c> and <c>SendGrid</c> options.
    /// </summary>
    public static IServiceCollection AddShopEmail(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddShopOptions<EmailOptions>(EmailOptions.Section);
        services.AddShopOptions<SendGridOptions>(SendGridOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            return new EmailRenderer(new EmailBranding(options.ShopName, options.SupportAddress));
        });
        services.TryAddSingleton<EmailOutbox>();
        services.TryAddSingleton<OutboxEmailSender>();
        services.TryAddSingleton<SentEmailStore>();
        services.TryAddSingleton<SendGridEmailSender>();
        services.TryAddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<SendGridOptions>>().Value.IsConfigured
            ? sp.GetRequiredService<SendGridEmailSender>()
            : sp.GetRequiredService<OutboxEmailSender>());
        services.TryAddSingleton<EmailDelivery>();
        services.AddHostedService<EmailStartupLog>();
        return services;
    }
}
